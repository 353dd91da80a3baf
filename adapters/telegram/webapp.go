package telegram

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// The Mini App entrance: the chat's menu button opens the console at
// PublicURL + WebAppPath inside Telegram, and the page proves who opened it
// with the initData Telegram hands it, signed with a key derived from the
// bot's token (https://core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app).

// WebAppPath is where the menu button points, under PublicURL.
const WebAppPath = "/tg/app"

// WebAppMaxAge is how old initData VerifyWebApp still takes: Telegram signs
// it when the app is opened, so an hour is plenty to sign in and a copied
// string is soon worth nothing.
const WebAppMaxAge = time.Hour

// menuButtonText is the menu button's label. Telegram shows one label to
// everybody (setChatMenuButton takes no language), so it says both.
const menuButtonText = "后台 · Console"

// maxInitData bounds what is parsed: real initData is well under 2 KB.
const maxInitData = 8 << 10

// maxFuture is how far ahead of our clock auth_date may be: clocks differ a
// little, but not by minutes.
const maxFuture = 5 * time.Minute

// Errors of VerifyInitData, for a page that says what went wrong. Each
// comes wrapped with detail; test with errors.Is.
var (
	// ErrInitDataMalformed: not initData at all — not a query string, no
	// hash, no auth_date or user, duplicated fields, too long.
	ErrInitDataMalformed = errors.New("telegram: malformed web app data")
	// ErrInitDataTampered: the hash does not match — changed on the way,
	// or signed for another bot.
	ErrInitDataTampered = errors.New("telegram: web app data not signed by Telegram for this bot")
	// ErrInitDataStale: signed, but older than allowed (or dated ahead of
	// our clock): open the app again.
	ErrInitDataStale = errors.New("telegram: web app data too old")
)

// WebAppUser is the person who opened the Mini App, as Telegram vouches.
type WebAppUser struct {
	ID           int64
	FirstName    string
	LastName     string
	Username     string
	LanguageCode string
	// AuthDate is when Telegram signed the data.
	AuthDate time.Time
}

// VerifyInitData checks Telegram's signature on a Mini App's initData (the
// raw query string of Telegram.WebApp.initData) and returns its user:
//
//	data_check_string = every field but hash, as "key=value" (value
//	                    decoded), sorted, joined by "\n"
//	secret_key        = HMAC_SHA256(key "WebAppData", message bot_token)
//	hash              = hex(HMAC_SHA256(key secret_key, message data_check_string))
//
// The hashes are compared in constant time. The signature field, which
// newer clients add for third parties to check with Telegram's public key,
// is neither required nor left out: it is one more signed field. The data
// must be signed within maxAge before now and not more than a few minutes
// after it. Errors: ErrInitDataMalformed, ErrInitDataTampered,
// ErrInitDataStale.
func VerifyInitData(botToken, initData string, now time.Time, maxAge time.Duration) (WebAppUser, error) {
	fields, hash, err := parseInitData(initData)
	if err != nil {
		return WebAppUser{}, err
	}
	want, err := hex.DecodeString(hash)
	if err != nil || len(want) != sha256.Size {
		return WebAppUser{}, fmt.Errorf("%w: hash is not 64 hex digits", ErrInitDataMalformed)
	}
	if !hmac.Equal(signInitData(botToken, fields), want) {
		return WebAppUser{}, ErrInitDataTampered
	}
	sec, err := strconv.ParseInt(fields["auth_date"], 10, 64)
	if err != nil || sec <= 0 {
		return WebAppUser{}, fmt.Errorf("%w: no auth_date", ErrInitDataMalformed)
	}
	signed := time.Unix(sec, 0)
	switch {
	case now.Sub(signed) > maxAge:
		return WebAppUser{}, fmt.Errorf("%w: signed %s ago", ErrInitDataStale, now.Sub(signed).Round(time.Second))
	case signed.Sub(now) > maxFuture:
		return WebAppUser{}, fmt.Errorf("%w: dated %s ahead of our clock", ErrInitDataStale, signed.Sub(now).Round(time.Second))
	}
	var u struct {
		ID           int64  `json:"id"`
		FirstName    string `json:"first_name"`
		LastName     string `json:"last_name"`
		Username     string `json:"username"`
		LanguageCode string `json:"language_code"`
	}
	raw, ok := fields["user"]
	if !ok {
		return WebAppUser{}, fmt.Errorf("%w: no user", ErrInitDataMalformed)
	}
	if err := json.Unmarshal([]byte(raw), &u); err != nil || u.ID <= 0 {
		return WebAppUser{}, fmt.Errorf("%w: user is not a Telegram user", ErrInitDataMalformed)
	}
	return WebAppUser{ID: u.ID, FirstName: u.FirstName, LastName: u.LastName, Username: u.Username,
		LanguageCode: u.LanguageCode, AuthDate: signed}, nil
}

// parseInitData reads initData's fields, hash apart. A field given twice
// is refused: which of the two was signed would be a guess.
func parseInitData(initData string) (map[string]string, string, error) {
	if len(initData) > maxInitData {
		return nil, "", fmt.Errorf("%w: longer than %d bytes", ErrInitDataMalformed, maxInitData)
	}
	values, err := url.ParseQuery(initData)
	if err != nil {
		return nil, "", fmt.Errorf("%w: not a query string", ErrInitDataMalformed)
	}
	fields := make(map[string]string, len(values))
	for k, v := range values {
		if len(v) != 1 {
			return nil, "", fmt.Errorf("%w: field given %d times", ErrInitDataMalformed, len(v))
		}
		fields[k] = v[0]
	}
	hash, ok := fields["hash"]
	if !ok || hash == "" {
		return nil, "", fmt.Errorf("%w: no hash", ErrInitDataMalformed)
	}
	delete(fields, "hash")
	return fields, hash, nil
}

// signInitData is the HMAC Telegram puts in the hash field.
func signInitData(botToken string, fields map[string]string) []byte {
	lines := make([]string, 0, len(fields))
	for k, v := range fields {
		lines = append(lines, k+"="+v)
	}
	sort.Strings(lines)
	secret := hmac.New(sha256.New, []byte("WebAppData"))
	secret.Write([]byte(botToken))
	mac := hmac.New(sha256.New, secret.Sum(nil))
	mac.Write([]byte(strings.Join(lines, "\n")))
	return mac.Sum(nil)
}

// VerifyWebApp checks a Mini App's initData with this bot's token, taking
// data signed within WebAppMaxAge, and returns the Telegram user id (the
// account id hrbot links people by). Errors as VerifyInitData's.
func (a *Adapter) VerifyWebApp(initData string) (userID string, err error) {
	u, err := VerifyInitData(a.cfg.Token, initData, time.Now(), WebAppMaxAge)
	if err != nil {
		return "", err
	}
	return strconv.FormatInt(u.ID, 10), nil
}

// SetMenuButton makes the bot's menu button, in every private chat with it,
// open the console as a Mini App at PublicURL + WebAppPath.
func (a *Adapter) SetMenuButton(ctx context.Context) error {
	if a.cfg.PublicURL == "" {
		return errors.New("telegram: no public URL for the Mini App")
	}
	_, err := a.api.SetChatMenuButton(ctx, &tgbot.SetChatMenuButtonParams{
		MenuButton: models.MenuButtonWebApp{
			Type: models.MenuButtonTypeWebApp, Text: menuButtonText,
			WebApp: models.WebAppInfo{URL: strings.TrimRight(a.cfg.PublicURL, "/") + WebAppPath},
		},
	})
	var unreached *url.Error
	if errors.As(err, &unreached) {
		return errors.New("telegram setChatMenuButton: request failed") // its URL holds the token: keep it out of logs
	}
	if err != nil {
		return fmt.Errorf("telegram setChatMenuButton: %w", err)
	}
	return nil
}
