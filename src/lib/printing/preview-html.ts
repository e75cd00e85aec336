import QRCode from 'qrcode';
import type { DecodedElement, DecodedEscPos, DecodedLine } from './escpos-decoder.js';
import { paperColumns } from './preview-text.js';

/** Dots per font-A column on a 203 dpi head: how raster widths map onto the text grid. */
const DOTS_PER_COLUMN = 12;

/**
 * An HTML fragment that looks like the printed paper: monospace cells, magnified and bold text,
 * QR codes drawn from their payload, raster images from their bits, and the cut. Pure and
 * synchronous (QR via its matrix, not qrcode's async renderers) so it runs anywhere.
 */
export function renderTicketHtml(decoded: DecodedEscPos, options: { columns?: number } = {}): string {
	const columns = options.columns ?? paperColumns(decoded);
	const body = decoded.elements.map(renderElement).join('');
	return (
		`<div class="vez-ticket" style="width:${columns}ch;padding:1ch;background:#fff;color:#000;` +
		`font-family:'DejaVu Sans Mono',Menlo,Consolas,monospace;font-size:14px;line-height:1.25;` +
		`box-shadow:0 1px 4px rgba(0,0,0,.3)">${body}</div>`
	);
}

function renderElement(element: DecodedElement): string {
	switch (element.type) {
		case 'text':
			return renderLine(element);
		case 'qr':
			return (
				`<div class="vez-qr" style="text-align:center;margin:.5em 0">${qrSvg(element.data)}` +
				`<div style="font-size:10px;color:#666;word-break:break-all">${escapeHtml(element.data)}</div></div>`
			);
		case 'image':
			return `<div class="vez-image" style="text-align:center">${rasterSvg(element.width, element.height, element.data)}</div>`;
		case 'cut':
			return `<div class="vez-cut" title="corte" style="border-top:2px dashed #999;margin:.5em -1ch 0;height:0"></div>`;
	}
}

function renderLine(line: DecodedLine): string {
	if (line.text.trim() === '') return '<div style="white-space:pre">&#8203;</div>';
	const spans = line.segments.map((s) => {
		const style = [
			s.bold ? 'font-weight:bold' : '',
			s.heightScale > 1 ? `font-size:${s.heightScale}em;line-height:1.1` : '',
			// Magnified width differs from height only with ESC ! double width; stretch to match.
			s.widthScale !== s.heightScale
				? `display:inline-block;transform:scaleX(${s.widthScale / s.heightScale});transform-origin:left`
				: ''
		]
			.filter(Boolean)
			.join(';');
		return style ? `<span style="${style}">${escapeHtml(s.text)}</span>` : escapeHtml(s.text);
	});
	return `<div style="white-space:pre;text-align:${line.align}">${spans.join('')}</div>`;
}

/** The QR of `data` as SVG, one path of dark modules inside the standard 4-module quiet zone. */
export function qrSvg(data: string, sizeCh = 18): string {
	const { modules } = QRCode.create(data, { errorCorrectionLevel: 'M' });
	const quiet = 4;
	const span = modules.size + 2 * quiet;
	let d = '';
	for (let r = 0; r < modules.size; r++) {
		for (let c = 0; c < modules.size; c++) {
			if (modules.get(r, c)) d += `M${c + quiet} ${r + quiet}h1v1h-1z`;
		}
	}
	return (
		`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${span} ${span}" style="width:${sizeCh}ch;height:${sizeCh}ch" ` +
		`shape-rendering="crispEdges" role="img" aria-label="QR code"><rect width="100%" height="100%" fill="#fff"/>` +
		`<path d="${d}" fill="#000"/></svg>`
	);
}

/** A GS v 0 raster as SVG: one path of horizontal runs of black dots. */
function rasterSvg(width: number, height: number, data: Uint8Array): string {
	const rowBytes = width / 8;
	let d = '';
	for (let y = 0; y < height; y++) {
		let run = -1;
		for (let x = 0; x <= width; x++) {
			const black = x < width && (data[y * rowBytes + (x >> 3)] & (0x80 >> (x & 7))) !== 0;
			if (black && run < 0) run = x;
			if (!black && run >= 0) {
				d += `M${run} ${y}h${x - run}v1h${run - x}z`;
				run = -1;
			}
		}
	}
	const widthCh = width / DOTS_PER_COLUMN;
	return (
		`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" ` +
		`style="width:${widthCh}ch;height:${(widthCh * height) / width}ch" shape-rendering="crispEdges">` +
		`<path d="${d}" fill="#000"/></svg>`
	);
}

export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
