/**
 * How short a wait is still said as "a few minutes" (on screens, `wait.few`; on paper, "alguns
 * minutos") rather than as a range. Its own module because the screens and the printed ticket
 * both word waits, and printing must not import the queue (docs/decisions.md, issue 13).
 */
export const FEW_MINUTES = 5;
