package wecom

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// DirectoryConfig is what reading a corp's directory and punch records
// needs: the corp id and the secret of an app allowed to read them (the
// self-built app's, with the directory and check-in in its visible range).
type DirectoryConfig struct {
	APIURL string // DefaultAPIURL when empty; a fake server's in tests
	CorpID string
	Secret string
	// HTTP is the client to call with (http.DefaultClient's settings with
	// a 30 s timeout when nil); never the SDK's package-global one.
	HTTP *http.Client
}

// apiClient is a small client of the WeCom calls the directory sync and
// the check-in import make, with its access token cached until shortly
// before it expires.
// TODO(lead): fold onto the adapter's shared API client and token cache.
type apiClient struct {
	base, corpID, secret string
	http                 *http.Client

	mu      sync.Mutex
	token   string
	expires time.Time
}

func newAPIClient(cfg DirectoryConfig) *apiClient {
	c := &apiClient{base: strings.TrimRight(cfg.APIURL, "/"), corpID: cfg.CorpID, secret: cfg.Secret, http: cfg.HTTP}
	if c.base == "" {
		c.base = DefaultAPIURL
	}
	if c.http == nil {
		c.http = &http.Client{Timeout: 30 * time.Second}
	}
	return c
}

// apiError is WeCom's answer to a call it refused.
type apiError struct {
	Call    string
	ErrCode int
	ErrMsg  string
}

func (e *apiError) Error() string {
	return fmt.Sprintf("wecom %s: errcode %d: %s", e.Call, e.ErrCode, e.ErrMsg)
}

// errorBody is the errcode and errmsg every WeCom answer carries.
type errorBody struct {
	ErrCode int    `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
}

func (b errorBody) check(call string) error {
	if b.ErrCode != 0 {
		return &apiError{Call: call, ErrCode: b.ErrCode, ErrMsg: b.ErrMsg}
	}
	return nil
}

// tokenInvalid are the codes of an access token WeCom no longer takes
// (40014 invalid, 42001 expired): fetched again once.
func tokenInvalid(err error) bool {
	e, ok := err.(*apiError)
	return ok && (e.ErrCode == 40014 || e.ErrCode == 42001)
}

func (c *apiClient) accessToken(ctx context.Context, fresh bool) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !fresh && c.token != "" && time.Now().Before(c.expires) {
		return c.token, nil
	}
	q := url.Values{"corpid": {c.corpID}, "corpsecret": {c.secret}}
	var out struct {
		errorBody
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
	}
	if err := c.do(ctx, http.MethodGet, "/cgi-bin/gettoken?"+q.Encode(), nil, &out); err != nil {
		return "", err
	}
	if err := out.check("gettoken"); err != nil {
		return "", err
	}
	// Refreshed five minutes early, so a call never carries a token that
	// expires on the way.
	c.token, c.expires = out.AccessToken, time.Now().Add(time.Duration(out.ExpiresIn)*time.Second-5*time.Minute)
	return c.token, nil
}

// call makes an API call with the access token (once more with a fresh
// token when WeCom says it expired); out must embed errorBody.
func (c *apiClient) call(ctx context.Context, name, method, path string, q url.Values, body any, out interface{ check(string) error }) error {
	for attempt := 0; ; attempt++ {
		tok, err := c.accessToken(ctx, attempt > 0)
		if err != nil {
			return err
		}
		qq := url.Values{}
		for k, v := range q {
			qq[k] = v
		}
		qq.Set("access_token", tok)
		if err := c.do(ctx, method, path+"?"+qq.Encode(), body, out); err != nil {
			return err
		}
		err = out.check(name)
		if tokenInvalid(err) && attempt == 0 {
			continue
		}
		return err
	}
}

func (c *apiClient) do(ctx context.Context, method, pathQuery string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return fmt.Errorf("wecom %s: %w", method, err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+pathQuery, rd)
	if err != nil {
		return fmt.Errorf("wecom request: %w", err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		// The URL carries the secret or the token: say only the path.
		path, _, _ := strings.Cut(pathQuery, "?")
		return fmt.Errorf("wecom %s: %w", path, unwrapURLError(err))
	}
	defer resp.Body.Close() //nolint:errcheck // read to the end below
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("wecom %s: HTTP %d", req.URL.Path, resp.StatusCode)
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 64<<20)).Decode(out); err != nil {
		return fmt.Errorf("wecom %s: read answer: %w", req.URL.Path, err)
	}
	return nil
}

// unwrapURLError drops the *url.Error around a transport error: its text
// repeats the URL, which holds the secret or the token.
func unwrapURLError(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}
