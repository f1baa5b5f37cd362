/* Fuzz harness 6: workbook bytes → every row and cell of the sheet
 * (read_xlsx.c), with the header's merged cells filled, a rewind, and a second
 * pass. An input whose first byte is even is a whole .xlsx file; an odd one
 * is the parts of a workbook (the sheet's XML, then after a NUL the shared
 * strings', then the styles'), stored in a zip built here, so that the
 * fuzzer works on the XML rather than on the zip's checksums. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "mem.h"
#include "strbuf.h"
#include "read_xlsx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void put16(strbuf *sb, unsigned v)
{
	sb_putc(sb, (char)(v & 0xFF));
	sb_putc(sb, (char)(v >> 8 & 0xFF));
}

static void put32(strbuf *sb, unsigned long v)
{
	put16(sb, (unsigned)(v & 0xFFFF));
	put16(sb, (unsigned)(v >> 16 & 0xFFFF));
}

/* A zip of stored (uncompressed) members. */
static void zip_of(strbuf *zip, const char *const *names, const char *const *bodies, const size_t *lens, int n)
{
	strbuf dir = STRBUF_INIT;
	for (int i = 0; i < n; i++) {
		unsigned long crc = crc32(0L, (const Bytef *)bodies[i], (uInt)lens[i]);
		size_t at = zip->len, nl = strlen(names[i]);
		put32(zip, 0x04034b50);
		put16(zip, 20), put16(zip, 0), put16(zip, 0), put16(zip, 0), put16(zip, 0x21);
		put32(zip, crc), put32(zip, lens[i]), put32(zip, lens[i]);
		put16(zip, (unsigned)nl), put16(zip, 0);
		sb_putn(zip, names[i], nl);
		sb_putn(zip, bodies[i], lens[i]);
		put32(&dir, 0x02014b50);
		put16(&dir, 20), put16(&dir, 20), put16(&dir, 0), put16(&dir, 0), put16(&dir, 0), put16(&dir, 0x21);
		put32(&dir, crc), put32(&dir, lens[i]), put32(&dir, lens[i]);
		put16(&dir, (unsigned)nl), put16(&dir, 0), put16(&dir, 0), put16(&dir, 0), put16(&dir, 0);
		put32(&dir, 0), put32(&dir, at);
		sb_putn(&dir, names[i], nl);
	}
	size_t dir_at = zip->len;
	sb_putn(zip, dir.data, dir.len);
	put32(zip, 0x06054b50);
	put16(zip, 0), put16(zip, 0), put16(zip, (unsigned)n), put16(zip, (unsigned)n);
	put32(zip, dir.len), put32(zip, dir_at), put16(zip, 0);
	sb_free(&dir);
}

static void read_all(xlsxin *wb)
{
	xlsxin_fill_merged(wb, true);
	int rows = 0;
	while (rows < 64 && xlsxin_next(wb) == XLSXIN_ROW) {
		rows++;
		for (size_t c = 0; c < xlsxin_ncells(wb); c++) {
			size_t n;
			const char *s = xlsxin_cell(wb, c, &n);
			if (strlen(s) != n) /* a cell is NUL-terminated, with no NUL inside */
				__builtin_trap();
			(void)xlsxin_cell_error(wb, c);
		}
	}
	xlsxin_fill_merged(wb, false);
	xlsxin_set_width(wb, 8);
	if (!xlsxin_rewind(wb))
		return;
	while (xlsxin_next(wb) == XLSXIN_ROW)
		for (size_t c = 0; c < xlsxin_ncells(wb); c++) {
			size_t n;
			const char *s = xlsxin_cell(wb, c, &n);
			if (c >= 8 || strlen(s) != n)
				__builtin_trap();
		}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	strbuf err = STRBUF_INIT, zip = STRBUF_INIT;
	const char *bytes = (const char *)data;
	size_t len = size;
	if (size && (data[0] & 1)) {
		const char *parts[3] = {"", "", ""};
		size_t lens[3] = {0, 0, 0};
		const char *s = bytes + 1, *end = bytes + size;
		for (int k = 0; k < 3 && s <= end; k++) {
			const char *nul = memchr(s, 0, (size_t)(end - s));
			parts[k] = s;
			lens[k] = (size_t)((nul ? nul : end) - s);
			s = (nul ? nul : end) + 1;
		}
		static const char rels[] =
			"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
			"<Relationship Id=\"rId1\" Type=\"x/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";
		static const char book[] =
			"<workbook xmlns:r=\"r\"><sheets><sheet name=\"汇总\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
		static const char book_rels[] =
			"<Relationships><Relationship Id=\"rId1\" Type=\"x/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
			"<Relationship Id=\"rId2\" Type=\"x/sharedStrings\" Target=\"sharedStrings.xml\"/>"
			"<Relationship Id=\"rId3\" Type=\"x/styles\" Target=\"/xl/styles.xml\"/></Relationships>";
		const char *names[] = {"_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
				       "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml"};
		const char *bodies[] = {rels, book, book_rels, parts[0], parts[1], parts[2]};
		size_t blens[] = {sizeof rels - 1, sizeof book - 1, sizeof book_rels - 1, lens[0], lens[1], lens[2]};
		zip_of(&zip, names, bodies, blens, 6);
		bytes = zip.data;
		len = zip.len;
	}
	xlsxin *wb = xlsxin_open_memory(bytes, len, NULL, &err);
	if (wb) {
		read_all(wb);
		xlsxin_close(wb);
	}
	sb_free(&err);
	sb_free(&zip);
	return 0;
}
