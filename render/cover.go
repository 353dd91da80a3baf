package render

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/hrbot/hrbot/core/cover"
	"github.com/xuri/excelize/v2"
)

var coverPeopleHeader = []string{"employee", "name", "job", "covers", "planned_min", "actual_min", "avg_rating", "ratings"}

// The share is a percentage with one decimal, as everywhere people read
// one; minutes are whole.
var coverJobsHeader = []string{"job", "total_min", "other_job_min", "other_job_share_pct"}

func coverPeopleRows(rep cover.Report) [][]string {
	rows := make([][]string, len(rep.People))
	for i, p := range rep.People {
		rating := ""
		if p.Ratings > 0 {
			rating = strconv.FormatFloat(p.Rating, 'f', 1, 64)
		}
		rows[i] = []string{p.Key, p.Name, p.Job, strconv.Itoa(p.Covers), strconv.Itoa(p.PlannedMinutes),
			strconv.Itoa(p.ActualMinutes), rating, strconv.Itoa(p.Ratings)}
	}
	return rows
}

func coverJobRows(rep cover.Report) [][]string {
	rows := make([][]string, len(rep.Jobs))
	for i, j := range rep.Jobs {
		rows[i] = []string{j.Job, strconv.Itoa(j.TotalMinutes), strconv.Itoa(j.OtherJobMinutes), strconv.FormatFloat(100*j.OtherJobShare, 'f', 1, 64)}
	}
	return rows
}

// CoverCSV writes the people part of a cover report, one row per person,
// then a blank line and the jobs part, after a UTF-8 byte order mark.
func CoverCSV(w io.Writer, rep cover.Report) error {
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return fmt.Errorf("write cover csv: %w", err)
	}
	cw := csv.NewWriter(w)
	rows := append([][]string{coverPeopleHeader}, coverPeopleRows(rep)...)
	rows = append(rows, []string{})
	rows = append(rows, coverJobsHeader)
	rows = append(rows, coverJobRows(rep)...)
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	return cw.Error()
}

// CoverXLSX writes a cover report as a workbook with a People and a Jobs sheet.
func CoverXLSX(w io.Writer, rep cover.Report) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "People"); err != nil {
		return err
	}
	if _, err := f.NewSheet("Jobs"); err != nil {
		return err
	}
	if err := writeSheet(f, "People", coverPeopleHeader, coverPeopleRows(rep)); err != nil {
		return fmt.Errorf("write sheet People: %w", err)
	}
	if err := writeSheet(f, "Jobs", coverJobsHeader, coverJobRows(rep)); err != nil {
		return fmt.Errorf("write sheet Jobs: %w", err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("write cover xlsx: %w", err)
	}
	return nil
}
