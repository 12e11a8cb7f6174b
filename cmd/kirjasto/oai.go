package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/kirjasto/kirjasto/internal/oai"
)

// oaiFlags adds the OAI-PMH repository's flags to a command that serves.
func oaiFlags(cmd *cobra.Command, cfg *config) {
	cmd.Flags().StringVar(&cfg.adminEmail, "admin-email", envOr("KIRJASTO_ADMIN_EMAIL", ""),
		"the repository's contact address that OAI-PMH harvesters are given (env KIRJASTO_ADMIN_EMAIL; default: postmaster at the site's host name)")
}

// checkAdminEmail refuses an address OAI-PMH harvesters would reject.
func checkAdminEmail(addr string) error {
	if addr == "" || oai.ValidAdminEmail(addr) {
		return nil
	}
	return fmt.Errorf("--admin-email %q is not an e-mail address OAI-PMH accepts: give one whose domain has a dot, such as kirjasto@example.fi", addr)
}
