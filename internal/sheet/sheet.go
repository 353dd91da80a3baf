// Package sheet holds what every spreadsheet import reads alike: CSV text
// as Excel writes it (UTF-8 with or without a byte-order mark, or GB18030
// on Chinese Windows; comma, semicolon or tab separated) and XLSX opened
// with bounds against a zip bomb. What a file's rows mean, how lenient the
// CSV is and how a failure is reported stay with each import
// (core/payroll, core/staff, core/perf).
package sheet

import (
	"bytes"
	"encoding/csv"
	"io"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// UnzipLimit bounds what an XLSX may unpack to (a zip bomb is small).
const UnzipLimit = 64 << 20

// Text returns a CSV file's bytes as UTF-8: without a byte-order mark, and
// decoded from GB18030 (which covers GBK) when not UTF-8 already. When
// that decoding fails it returns the bytes without the mark and the error.
func Text(data []byte) ([]byte, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if utf8.Valid(data) {
		return data, nil
	}
	dec, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil {
		return data, err
	}
	return dec, nil
}

// NewCSVReader reads UTF-8 text (see Text) separated by what its first
// line has more of than commas: tabs, else semicolons, else commas. Rows
// may differ in length; quoting and spaces are left to the caller.
func NewCSVReader(text []byte) *csv.Reader {
	cr := csv.NewReader(bytes.NewReader(text))
	cr.FieldsPerRecord = -1
	first, _, _ := bytes.Cut(text, []byte("\n"))
	switch {
	case bytes.Count(first, []byte("\t")) > bytes.Count(first, []byte(",")):
		cr.Comma = '\t'
	case bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")):
		cr.Comma = ';'
	}
	return cr
}

// OpenXLSX opens an XLSX, refusing one that unpacks to more than
// UnzipLimit. The caller closes it.
func OpenXLSX(r io.Reader) (*excelize.File, error) {
	return excelize.OpenReader(r, excelize.Options{UnzipSizeLimit: UnzipLimit, UnzipXMLSizeLimit: UnzipLimit / 4})
}
