package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/kirjasto/kirjasto/internal/cover"
)

// coverFlags adds the cover service's flag to a command that serves.
func coverFlags(cmd *cobra.Command, cfg *config) {
	cmd.Flags().StringVar(&cfg.coverURL, "cover-url", envOr("KIRJASTO_COVER_URL", ""),
		"address of a cover service's pictures, with {isbn} for the ISBN-13 or {isbn10} for the ISBN-10, such as "+
			"'https://covers.openlibrary.org/b/isbn/{isbn}-M.jpg?default=false' (env KIRJASTO_COVER_URL; default: none, covers are drawn)")
}

// coverService returns the cover service --cover-url names, or nil for
// none.
func coverService(cfg *config) (*cover.Service, error) {
	if cfg.coverURL == "" {
		return nil, nil
	}
	s, err := cover.NewService(cfg.coverURL)
	if err != nil {
		return nil, fmt.Errorf("--cover-url: %w", err)
	}
	return s, nil
}
