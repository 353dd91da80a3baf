package wecom

import (
	"context"
	"net/http"
	"net/url"
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

// apiClient is the adapter's API (its token cache, renewal and errors) as
// the directory sync and the check-in import call it.
type apiClient struct{ api *API }

func newAPIClient(cfg DirectoryConfig) apiClient {
	return apiClient{api: NewAPI(cfg.APIURL, cfg.CorpID, cfg.Secret, cfg.HTTP)}
}

// errorBody is the errcode and errmsg every WeCom answer carries. API
// checks them before it decodes the rest of the answer, so an answer that
// embeds errorBody holds zero there.
type errorBody struct {
	ErrCode int    `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
}

// call makes an API call with q added to path's query: API.Do, whose
// errors (*Error) name the path. The second argument, WeCom's name for
// the call, is not needed for that.
func (c apiClient) call(ctx context.Context, _, method, path string, q url.Values, body, out any) error {
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	return c.api.Do(ctx, method, path, body, out)
}
