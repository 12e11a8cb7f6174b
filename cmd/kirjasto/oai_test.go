package main

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/testenv"
)

// TestAdminEmail serves with --admin-email, and with KIRJASTO_ADMIN_EMAIL
// instead, and finds the address in a schema-valid Identify; an address
// OAI-PMH would reject is refused at start.
func TestAdminEmail(t *testing.T) {
	schema := testenv.Shared(t, "xml-schemas", "OAI-PMH.xsd")
	base := dbArgs(t, "sqlite")
	initConsortium(t, base)
	for _, tc := range []struct {
		name, env string
		args      []string
		want      string
	}{
		{"flag", "", []string{"--admin-email", "kirjasto@example.fi"}, "kirjasto@example.fi"},
		{"environment", "harvest@example.fi", nil, "harvest@example.fi"},
		{"default", "", nil, "postmaster@localhost.localdomain"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("KIRJASTO_ADMIN_EMAIL", tc.env)
			s := start(t, append(append([]string{"serve", "--addr", "127.0.0.1:0"}, base...), tc.args...)...)
			code, body := s.get(t, "/oai?verb=Identify")
			if code != 200 || !strings.Contains(body, "<adminEmail>"+tc.want+"</adminEmail>") {
				t.Errorf("Identify: %d, want adminEmail %s\n%s", code, tc.want, body)
			}
			testenv.ValidateXML(t, schema, []byte(body))
			s.stop(t)
		})
	}
	out, err := exec.Command(binary, append(append([]string{"serve", "--addr", "127.0.0.1:0"}, base...), "--admin-email", "admin@localhost")...).CombinedOutput()
	if err == nil || !strings.Contains(string(out), `--admin-email "admin@localhost" is not an e-mail address OAI-PMH accepts`) {
		t.Errorf("serve --admin-email admin@localhost: %v\n%s", err, out)
	}
}
