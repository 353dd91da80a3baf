package wecom

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
)

// DefaultAPIURL is WeCom's public API.
const DefaultAPIURL = "https://qyapi.weixin.qq.com"

// Error is an answer of WeCom's API with a non-zero errcode.
type Error struct {
	Path string
	Code int
	Msg  string
}

func (e *Error) Error() string { return fmt.Sprintf("wecom %s: errcode %d: %s", e.Path, e.Code, e.Msg) }

// Is makes WeCom's codes match the adapter's errors: errors.Is(err,
// ErrRateLimited) for its "too frequent" codes, ErrBlocked for a member
// who is gone or out of the app's reach.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrRateLimited:
		return rateLimitCodes[e.Code]
	case ErrBlocked:
		return blockedCodes[e.Code]
	}
	return false
}

var (
	// ErrRateLimited is WeCom saying a call came too often (45009 "api
	// freq out of limit" and its kin): wait and try again.
	ErrRateLimited = errors.New("wecom: rate limited")
	// ErrBlocked means a member cannot be sent to: they left the company,
	// are not in the app's visible range, or the userid does not exist.
	ErrBlocked = errors.New("wecom: member cannot be reached")
)

var (
	// 45009 api freq out of limit; 45033 too many concurrent calls;
	// 45011 api minute-quota reached (see WeCom's 全局错误码).
	rateLimitCodes = map[int]bool{45009: true, 45011: true, 45033: true}
	// 60111 userid not found; 81013 user, party and tag all invalid (the
	// member left or is outside the app's range); 60103 the member is
	// disabled; 81010 the member is not in the app's visible range.
	blockedCodes = map[int]bool{60111: true, 81013: true, 60103: true, 81010: true}
	// tokenCodes are answers after which a fresh access token helps.
	tokenCodes = map[int]bool{40014: true, 42001: true, 41001: true}
)

// API is a client of WeCom's server API for one app: access tokens got
// with the app's secret, cached and renewed before they run out, one
// request for a burst of callers. Safe for concurrent use.
type API struct {
	base, corpID, secret string
	http                 *http.Client

	flight  singleflight.Group
	mu      sync.Mutex
	token   string
	expires time.Time
	// shared, when set, keeps tokens for every replica under sharedKey.
	shared    TokenStore
	sharedKey string
}

// TokenStore keeps access tokens where every replica of hrbot reads them
// (store.Tokens), so that when a token runs out one replica asks WeCom for
// a new one and the others wait for its answer: gettoken has its own rate
// limit, and replicas renewing at once would spend it together.
type TokenStore interface {
	// Shared returns the token kept under key if it lasts beyond
	// freshUntil, or calls fetch under a lock other replicas wait on and
	// keeps its answer.
	Shared(ctx context.Context, key string, freshUntil time.Time,
		fetch func(ctx context.Context) (string, time.Time, error)) (string, time.Time, error)
	// Forget drops key's token if it is still tok.
	Forget(ctx context.Context, key, tok string) error
}

// NewAPI returns a client for the app with corpID and secret at baseURL
// (DefaultAPIURL when ""). client nil means one with a 30 s timeout.
func NewAPI(baseURL, corpID, secret string, client *http.Client) *API {
	if baseURL == "" {
		baseURL = DefaultAPIURL
	}
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	return &API{base: strings.TrimRight(baseURL, "/"), corpID: corpID, secret: secret, http: client}
}

// ShareTokens makes the client keep its tokens in s, shared with every
// other client of the same app that does; call it before the first call.
// The key names the corp and a hash of the secret, so a new secret never
// reads a token got with the old one.
func (a *API) ShareTokens(s TokenStore) {
	sum := sha256.Sum256([]byte(a.secret))
	a.shared, a.sharedKey = s, "wecom:"+a.corpID+":"+hex.EncodeToString(sum[:8])
}

// renewBefore is how long before its end a token is renewed: WeCom's live
// two hours, and a call made with one about to end would fail on the way.
const renewBefore = 5 * time.Minute

// Token returns an access token, asking WeCom for one only when the
// cached one is missing or about to end; concurrent callers share one
// request.
func (a *API) Token(ctx context.Context) (string, error) {
	a.mu.Lock()
	tok, exp := a.token, a.expires
	a.mu.Unlock()
	if tok != "" && time.Until(exp) > renewBefore {
		return tok, nil
	}
	ch := a.flight.DoChan("token", func() (any, error) {
		// Detached: one caller giving up must not fail the others.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		tok, exp, err := a.newToken(ctx)
		if err != nil {
			return "", err
		}
		a.mu.Lock()
		a.token, a.expires = tok, exp
		a.mu.Unlock()
		return tok, nil
	})
	select {
	case <-ctx.Done():
		return "", ctx.Err()
	case r := <-ch:
		if r.Err != nil {
			return "", r.Err
		}
		return r.Val.(string), nil
	}
}

// newToken returns a token that lasts beyond renewBefore: the shared one
// when the client shares, else one from WeCom.
func (a *API) newToken(ctx context.Context) (string, time.Time, error) {
	if a.shared == nil {
		return a.fetchToken(ctx)
	}
	return a.shared.Shared(ctx, a.sharedKey, time.Now().Add(renewBefore), a.fetchToken)
}

func (a *API) fetchToken(ctx context.Context) (string, time.Time, error) {
	q := url.Values{"corpid": {a.corpID}, "corpsecret": {a.secret}}
	var out struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
	}
	// The URL holds the secret: errors name the path only.
	if err := a.call(ctx, http.MethodGet, "/cgi-bin/gettoken", q, nil, "", &out); err != nil {
		return "", time.Time{}, err
	}
	if out.AccessToken == "" {
		return "", time.Time{}, errors.New("wecom gettoken: no access_token in the answer")
	}
	return out.AccessToken, time.Now().Add(time.Duration(out.ExpiresIn) * time.Second), nil
}

// forget drops tok if it is still the cached token, here and in the
// shared store, so the next call asks for a new one.
func (a *API) forget(ctx context.Context, tok string) error {
	a.mu.Lock()
	if a.token == tok {
		a.token, a.expires = "", time.Time{}
	}
	a.mu.Unlock()
	if a.shared == nil {
		return nil
	}
	return a.shared.Forget(ctx, a.sharedKey, tok)
}

// Do calls the API: method GET or POST, path such as
// "/cgi-bin/message/send" (with its own query, if any), body marshalled as
// JSON when not nil, the answer decoded into out when not nil. A token
// WeCom no longer takes is renewed and the call made once more. A non-zero
// errcode is returned as *Error.
func (a *API) Do(ctx context.Context, method, path string, body, out any) error {
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return fmt.Errorf("wecom %s: %w", path, err)
		}
	}
	return a.withToken(ctx, path, func(q url.Values, p string) error {
		return a.call(ctx, method, p, q, payload, "application/json", out)
	})
}

// Upload puts a file in WeCom's temporary media (three days) and returns
// its media_id; kind is "image", "voice", "video" or "file".
func (a *API) Upload(ctx context.Context, kind, name string, data []byte) (string, error) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	part, err := mw.CreateFormFile("media", name)
	if err == nil {
		_, err = part.Write(data)
	}
	if err == nil {
		err = mw.Close()
	}
	if err != nil {
		return "", fmt.Errorf("wecom upload: %w", err)
	}
	var out struct {
		MediaID string `json:"media_id"`
	}
	err = a.withToken(ctx, "/cgi-bin/media/upload", func(q url.Values, p string) error {
		q.Set("type", kind)
		return a.call(ctx, http.MethodPost, p, q, buf.Bytes(), mw.FormDataContentType(), &out)
	})
	return out.MediaID, err
}

// withToken runs fn with the token in its query, once more with a new
// token when WeCom refuses the first.
func (a *API) withToken(ctx context.Context, path string, fn func(q url.Values, path string) error) error {
	p, rawQuery, _ := strings.Cut(path, "?")
	for attempt := 0; ; attempt++ {
		tok, err := a.Token(ctx)
		if err != nil {
			return err
		}
		q, _ := url.ParseQuery(rawQuery)
		q.Set("access_token", tok)
		err = fn(q, p)
		var we *Error
		if attempt == 0 && errors.As(err, &we) && tokenCodes[we.Code] {
			if ferr := a.forget(ctx, tok); ferr != nil {
				return errors.Join(err, ferr)
			}
			continue
		}
		return err
	}
}

// call makes one HTTP request and reads WeCom's errcode.
func (a *API) call(ctx context.Context, method, path string, q url.Values, body []byte, contentType string, out any) error {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, a.base+path+"?"+q.Encode(), rd)
	if err != nil {
		return fmt.Errorf("wecom %s: %w", path, err)
	}
	if body != nil {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := a.http.Do(req)
	if err != nil {
		// The URL holds the token or the secret: keep it out of the error.
		return fmt.Errorf("wecom %s: request failed", path)
	}
	defer resp.Body.Close()
	// A directory or a month of punches runs to megabytes; nothing WeCom
	// answers comes near 64 MiB.
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return fmt.Errorf("wecom %s: %w", path, err)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("wecom %s: HTTP %d", path, resp.StatusCode)
	}
	var head struct {
		ErrCode int    `json:"errcode"`
		ErrMsg  string `json:"errmsg"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return fmt.Errorf("wecom %s: %w", path, err)
	}
	if head.ErrCode != 0 {
		return &Error{Path: path, Code: head.ErrCode, Msg: head.ErrMsg}
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			return fmt.Errorf("wecom %s: %w", path, err)
		}
	}
	return nil
}
