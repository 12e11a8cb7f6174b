package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kirjasto/kirjasto/internal/notice"
)

// smsOptions are the flags of the SMS gateway that sends text-message
// notices. Without --sms-url there is none: those notices stay in My
// Account, and the staff's outbox says so.
type smsOptions struct {
	url, auth, token, tokenFile, sender, body, accept string
}

// smsFlags adds the flags of smsOptions to cmd.
func smsFlags(cmd *cobra.Command, o *smsOptions) {
	f := cmd.Flags()
	f.StringVar(&o.url, "sms-url", envOr("KIRJASTO_SMS_URL", ""),
		"SMS gateway for text-message notices, e.g. "+notice.DefaultSMSURL+" (env KIRJASTO_SMS_URL; default: none, notices stay in My Account)")
	f.StringVar(&o.auth, "sms-auth", envOr("KIRJASTO_SMS_AUTH", ""), "how the gateway takes the token: basic (token or user:password) or bearer (env KIRJASTO_SMS_AUTH; default basic)")
	// The token's default is not read from the environment here: a flag's
	// default is printed by --help.
	f.StringVar(&o.token, "sms-token", "", "the gateway's API token; better --sms-token-file or env KIRJASTO_SMS_TOKEN, which ps does not show")
	f.StringVar(&o.tokenFile, "sms-token-file", envOr("KIRJASTO_SMS_TOKEN_FILE", ""), "file holding the gateway's API token (env KIRJASTO_SMS_TOKEN_FILE)")
	f.StringVar(&o.sender, "sms-sender", envOr("KIRJASTO_SMS_SENDER", "Kirjasto"), "sender name of text messages, up to 11 letters and digits (env KIRJASTO_SMS_SENDER)")
	f.StringVar(&o.body, "sms-body", envOr("KIRJASTO_SMS_BODY", ""),
		`JSON sent for each message, with "{to}", "{msisdn}", "{text}", "{sender}" filled in (env KIRJASTO_SMS_BODY; default GatewayAPI's: `+notice.DefaultSMSBody+`)`)
	f.StringVar(&o.accept, "sms-accept", envOr("KIRJASTO_SMS_ACCEPT", ""), `what in a 2xx answer says the gateway accepted: "field" or "field=value", "-" for any 2xx (env KIRJASTO_SMS_ACCEPT; default "ids")`)
}

// gateway returns the configured SMS gateway, or nil without --sms-url.
func (o *smsOptions) gateway() (*notice.SMS, error) {
	if o.url == "" {
		return nil, nil
	}
	token, err := secret(o.token, o.tokenFile, "KIRJASTO_SMS_TOKEN")
	if err != nil {
		return nil, fmt.Errorf("--sms-token-file: %w", err)
	}
	return notice.NewSMS(notice.SMSConfig{URL: o.url, Auth: o.auth, Token: token, Sender: o.sender, Body: o.body, Accept: o.accept})
}

// secret returns a secret given on the command line, else in a file, else
// in an environment variable; "" if none. A file's trailing newline is
// not part of it.
func secret(flag, file, env string) (string, error) {
	if flag != "" {
		return flag, nil
	}
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", err
		}
		s := strings.TrimRight(string(b), "\r\n")
		if s == "" {
			return "", errors.New(file + " is empty")
		}
		return s, nil
	}
	return os.Getenv(env), nil
}
