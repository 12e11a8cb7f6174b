package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func newBackupCmd(cfg *config) *cobra.Command {
	return &cobra.Command{
		Use:   "backup FILE",
		Short: "Write a consistent copy of the SQLite database to FILE while the server runs",
		Long: `backup copies the SQLite database (in --data) to FILE, a new file, with
VACUUM INTO: one consistent snapshot, taken while kirjasto serve goes on
serving and lending. FILE is a complete database: to restore, stop the
server and put it in place of kirjasto.db. For PostgreSQL use pg_dump or
base backups (docs/deploy.md).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			db, err := openStore(cmd.Context(), cfg)
			if err != nil {
				return err
			}
			defer db.Close()
			if err := db.Backup(cmd.Context(), args[0]); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "backed up to %s\n", args[0])
			return nil
		},
	}
}
