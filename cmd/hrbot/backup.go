package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/hrbot/hrbot/store/backup"
)

const backupSynopsis = `backup [--out FILE]

Writes a consistent copy of hrbot's whole database (orgs, people, attendance,
leave, cover, training, the handbook, payroll, the delivery queue) to FILE in
pg_dump's custom format, for "hrbot restore". Works on the database at
DATABASE_URL and on the embedded one, also while hrbot serve runs.

The file holds personal data and is written with mode 0600: keep it private.
Bank accounts and people's documents inside it stay sealed with
HRBOT_ENCRYPTION_KEY — or, on the embedded database without it, with the key
hrbot made in HRBOT_DATA_DIR/encryption.key: keep that key too, stored apart
from the backups; without it they cannot be read after a restore.

pg_dump comes from HRBOT_PG_BIN_DIR (or the embedded PostgreSQL's
installation), else PATH, else /usr/lib/postgresql/*/bin.`

const restoreSynopsis = `restore [--force] FILE

Replaces what is in the configured database (DATABASE_URL, or the embedded
one) with a backup made by "hrbot backup", with pg_restore in one transaction,
then applies the migrations, so a backup made by an older hrbot is brought up
to date. A database that already holds hrbot data is refused unless --force
is given. Stop hrbot serve first. Sealed bank accounts and documents need
the key they were sealed with: HRBOT_ENCRYPTION_KEY, or the data directory's
encryption.key put back before the restore (HRBOT_ENCRYPTION_KEY_FILE may name
it).`

func cmdBackup(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "backup", backupSynopsis)
	out := fs.String("out", "", "file to write (default hrbot-YYYYMMDD-HHMMSS.dump here; given a directory, that name in it)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	a, err := open(ctx, e, false)
	if err != nil {
		return err
	}
	defer a.Close()
	d, err := backup.Dump(ctx, a.backupConfig(), backup.Path(*out, time.Now()))
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %s (%s, schema version %d)\n", d.Path, backup.HumanSize(d.Size), d.Version)
	printCounts(e.stdout, d.Counts)
	fmt.Fprintln(e.stdout, "It holds personal data: keep it private. "+a.sealedNote())
	return nil
}

func cmdRestore(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "restore", restoreSynopsis)
	force := fs.Bool("force", false, "replace the hrbot data already in the database")
	file, err := parseWithOperand(fs, args)
	if err != nil {
		return err
	}
	a, err := open(ctx, e, false)
	if err != nil {
		return err
	}
	defer a.Close()
	r, err := backup.Restore(ctx, a.backupConfig(), file, *force)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "restored %s into %s (backup at schema version %d, now %d)\n", file, r.Database, r.From, r.To)
	printCounts(e.stdout, r.Counts)
	return nil
}

// backupConfig points backup and restore at the app's database and at the
// PostgreSQL programs beside the embedded one, when it runs.
func (a *app) backupConfig() backup.Config {
	binDir := a.cfg.PGBinDir
	if a.cluster != nil {
		binDir = a.cluster.BinDir()
	}
	return backup.Config{Pool: a.db.Pool(), URL: a.dbURL, BinDir: binDir, Log: a.log}
}

func printCounts(w io.Writer, counts map[string]int64) {
	for _, t := range backup.Tables {
		if n, ok := counts[t]; ok {
			fmt.Fprintf(w, "  %-20s %8d\n", t, n)
		}
	}
}

// sealedNote says which key the backup's sealed fields need.
func (a *app) sealedNote() string {
	if a.keyFile != "" {
		return "Bank accounts and documents in it stay sealed with the key hrbot made in " + a.keyFile +
			" (HRBOT_ENCRYPTION_KEY is not set): keep a copy of that file too, apart from the backups."
	}
	return "Bank accounts and documents in it stay sealed with HRBOT_ENCRYPTION_KEY: keep the key too, apart from the file."
}
