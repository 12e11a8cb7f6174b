package bookings

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

func TestAPI(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		f := newFixture(t, e)
		tok, err := e.DB.NewAPIToken(context.Background(), e.Patron.ID, "test", webtest.Now)
		if err != nil {
			t.Fatal(err)
		}
		call := func(method, path, body, token string, want int, v any) {
			t.Helper()
			req := httptest.NewRequest(method, "http://kirjasto.test"+path, strings.NewReader(body))
			if body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			if token != "" {
				req.Header.Set("Authorization", "Bearer "+token)
			}
			w := httptest.NewRecorder()
			e.Srv.Handler().ServeHTTP(w, req)
			if w.Code != want {
				t.Fatalf("%s %s: %d, want %d: %s", method, path, w.Code, want, w.Body)
			}
			if v != nil {
				if err := json.Unmarshal(w.Body.Bytes(), v); err != nil {
					t.Fatal(err)
				}
			}
		}
		var list struct{ Resources []resourceView }
		call("GET", "/api/v1/resources?kind=digital-help&lang=ar", "", "", http.StatusOK, &list)
		if len(list.Resources) != 1 || list.Resources[0].ID != f.help.ID || list.Resources[0].Name.Text != "المساعدة الرقمية" ||
			list.Resources[0].NeedsCard || list.Resources[0].Next == nil || list.Resources[0].Next.Start != startParam(at(0, 10)) {
			t.Errorf("digital help in Arabic: %+v", list.Resources)
		}
		var av availabilityJSON
		call("GET", "/api/v1/resources/"+strconv.FormatInt(f.studio.ID, 10)+"/availability", "", "", http.StatusOK, &av)
		if len(av.Days) != 7 || av.From != "2026-11-23" || len(av.Days[0].Slots) != 13 {
			t.Fatalf("availability %+v", av)
		}
		if s := av.Days[0].Slots; s[0].State != library.SlotPast || s[2].State != library.SlotFree || s[2].MaxMinutes != 120 {
			t.Errorf("Monday's first slots %+v", s[:3])
		}
		body := `{"resource_id": ` + strconv.FormatInt(f.studio.ID, 10) + `, "start": "` + startParam(at(1, 19)) + `", "minutes": 120}`
		var made struct{ Booking bookingView }
		call("POST", "/api/v1/account/bookings", body, tok.Token, http.StatusCreated, &made)
		if made.Booking.Status != library.BookingConfirmed || len(made.Booking.AccessCode) != 6 || !made.Booking.CanCancel {
			t.Errorf("booked %+v", made.Booking)
		}
		call("POST", "/api/v1/account/bookings", body, tok.Token, http.StatusConflict, nil)
		var mine struct{ Bookings []bookingView }
		call("GET", "/api/v1/account/bookings", "", tok.Token, http.StatusOK, &mine)
		if len(mine.Bookings) != 1 || mine.Bookings[0].ID != made.Booking.ID {
			t.Errorf("my bookings %+v", mine.Bookings)
		}
		path := "/api/v1/account/bookings/" + strconv.FormatInt(made.Booking.ID, 10)
		call("DELETE", path, "", "", http.StatusUnauthorized, nil)
		call("DELETE", path, "", tok.Token, http.StatusNoContent, nil)
		call("DELETE", path, "", tok.Token, http.StatusConflict, nil)
	})
}
