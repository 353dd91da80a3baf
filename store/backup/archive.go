package backup

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
)

// archive is what restore learns from a backup file before touching the database.
type archive struct {
	version int64    // hrbot's schema version in the backup
	tables  []string // the tables in hrbot's schema
}

// checkArchiveFile fails clearly on a file that is missing, unreadable or
// not a pg_dump custom-format archive.
func checkArchiveFile(file string) error {
	f, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("cannot read the backup: %w", err)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return fmt.Errorf("%s is a directory, not a backup file", file)
	}
	magic := make([]byte, 5)
	if _, err := io.ReadFull(f, magic); err != nil || string(magic) != "PGDMP" {
		return fmt.Errorf("%s is not a backup made by hrbot backup (not a pg_dump custom-format file)", file)
	}
	return nil
}

// readArchive reads the backup's table of contents and its schema version.
func readArchive(ctx context.Context, tool *pgTool, file string) (archive, error) {
	var a archive
	var list bytes.Buffer
	if err := tool.run(ctx, &list, "--list", file); err != nil {
		return a, fmt.Errorf("cannot read %s (damaged or incomplete?): %w", file, err)
	}
	// Lines look like "215; 1259 16385 TABLE public orgs hrbot".
	schema := ""
	var tables [][2]string
	for line := range strings.Lines(list.String()) {
		if strings.HasPrefix(line, ";") {
			continue
		}
		_, rest, ok := strings.Cut(line, ";")
		if !ok {
			continue
		}
		f := strings.Fields(rest)
		if len(f) < 5 || f[2] != "TABLE" || f[3] == "DATA" {
			continue
		}
		tables = append(tables, [2]string{f[3], f[4]})
		if f[4] == "goose_db_version" {
			schema = f[3]
		}
	}
	if schema == "" {
		return a, fmt.Errorf("%s is a PostgreSQL backup but not of an hrbot database (it has no goose_db_version table)", file)
	}
	for _, t := range tables {
		if t[0] == schema {
			a.tables = append(a.tables, t[1])
		}
	}
	sort.Strings(a.tables)
	var data bytes.Buffer
	if err := tool.run(ctx, &data, "--data-only", "--schema="+schema, "--table=goose_db_version", "--file=-", file); err != nil {
		return a, fmt.Errorf("cannot read %s: %w", file, err)
	}
	v, err := copyMaxVersion(data.String())
	if err != nil {
		return a, fmt.Errorf("%s: %w", file, err)
	}
	a.version = v
	return a, nil
}

// copyMaxVersion reads the highest applied version from the COPY block of
// goose_db_version in a pg_restore script.
func copyMaxVersion(script string) (int64, error) {
	sc := bufio.NewScanner(strings.NewReader(script))
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	verCol, appliedCol := -1, -1
	var highest int64
	inCopy := false
	for sc.Scan() {
		line := sc.Text()
		if !inCopy {
			if !strings.HasPrefix(line, "COPY ") || !strings.Contains(line, "goose_db_version") {
				continue
			}
			open, close := strings.Index(line, "("), strings.Index(line, ")")
			if open < 0 || close < open {
				break
			}
			for i, c := range strings.Split(line[open+1:close], ",") {
				switch strings.TrimSpace(c) {
				case "version_id":
					verCol = i
				case "is_applied":
					appliedCol = i
				}
			}
			inCopy = true
			continue
		}
		if line == `\.` {
			break
		}
		f := strings.Split(line, "\t")
		if verCol < 0 || verCol >= len(f) {
			break
		}
		if appliedCol >= 0 && appliedCol < len(f) && f[appliedCol] != "t" {
			continue
		}
		v, err := strconv.ParseInt(f[verCol], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("bad schema version %q in the backup", f[verCol])
		}
		highest = max(highest, v)
	}
	if !inCopy || verCol < 0 {
		return 0, errors.New("the backup has no schema version (goose_db_version is empty)")
	}
	return highest, nil
}
