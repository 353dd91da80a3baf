package wecom

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core"
)

// WeCom's OAuth for pages opened inside the WeCom client (网页授权登录):
// the page sends the client to WeCom's authorize URL, the client comes
// back to the page's redirect_uri with a one-time code, and the app's
// server exchanges the code for the member's userid (auth/getuserinfo).
// Documented at developer.work.weixin.qq.com/document/path/91022
// (构造网页授权链接) and /91023 (获取访问用户身份).

// DefaultOAuthURL is WeCom's authorize page: the WeCom client answers it
// with the member using it, without asking them anything (snsapi_base).
const DefaultOAuthURL = "https://open.weixin.qq.com/connect/oauth2/authorize"

// errInvalidCode is WeCom's answer to a code that was never issued, was
// used already or is older than five minutes ("invalid code").
const errInvalidCode = 40029

// maxCode is the longest code WeCom issues (512 bytes): anything longer
// is not worth a call.
const maxCode = 512

// OAuth signs members in to web pages opened inside WeCom, for one app.
type OAuth struct {
	api       *API
	authorize string
	corpID    string
	agentID   int64
}

// NewOAuth returns the OAuth of the app agentID of company corpID, whose
// authorize page is at authorizeURL (DefaultOAuthURL when "") and whose
// codes api exchanges.
func NewOAuth(api *API, authorizeURL, corpID string, agentID int64) *OAuth {
	if authorizeURL == "" {
		authorizeURL = DefaultOAuthURL
	}
	return &OAuth{api: api, authorize: authorizeURL, corpID: corpID, agentID: agentID}
}

// OAuth is the adapter's app's OAuth, with the authorize page at
// authorizeURL (DefaultOAuthURL when "") and codes exchanged through the
// adapter's API client and its token cache.
func (a *Adapter) OAuth(authorizeURL string) *OAuth {
	return NewOAuth(a.api, authorizeURL, a.cfg.CorpID, a.cfg.AgentID)
}

// AuthorizeURL is where to send the WeCom client so that it comes back to
// redirectURI with ?code=CODE&state=state. state must be letters and
// digits, at most 128 of them, as WeCom takes it. The agentid is given so
// that WeCom counts the sign-in against this app; the fragment
// #wechat_redirect is what tells the client to add who is using it.
func (o *OAuth) AuthorizeURL(redirectURI, state string) string {
	// The parameters in WeCom's documented order: some clients are known
	// to be picky, and the order costs nothing.
	q := "appid=" + url.QueryEscape(o.corpID) +
		"&redirect_uri=" + url.QueryEscape(redirectURI) +
		"&response_type=code&scope=snsapi_base" +
		"&state=" + url.QueryEscape(state) +
		"&agentid=" + strconv.FormatInt(o.agentID, 10)
	sep := "?"
	if strings.Contains(o.authorize, "?") {
		sep = "&"
	}
	return o.authorize + sep + q + "#wechat_redirect"
}

// UserID exchanges a code the WeCom client came back with for the userid
// of the member using the client. Errors: core EInvalid when WeCom does
// not take the code (never issued, already used, older than five minutes;
// errcode 40029); core ENotFound when whoever opened the page is not a
// member of the company (WeCom knows them by an openid only); any other
// error when WeCom could not be asked.
func (o *OAuth) UserID(ctx context.Context, code string) (string, error) {
	if code == "" || len(code) > maxCode {
		return "", core.Errorf(core.EInvalid, "wecom.oauth_code", "wecom auth/getuserinfo: no usable code")
	}
	var out struct {
		UserID string `json:"userid"`
		OpenID string `json:"openid"`
	}
	err := o.api.Do(ctx, http.MethodGet, "/cgi-bin/auth/getuserinfo?code="+url.QueryEscape(code), nil, &out)
	var we *Error
	if errors.As(err, &we) && we.Code == errInvalidCode {
		return "", fmt.Errorf("%w (%w)", core.Errorf(core.EInvalid, "wecom.oauth_code", "wecom auth/getuserinfo: code not valid"), err)
	}
	if err != nil {
		return "", fmt.Errorf("wecom oauth: %w", err)
	}
	if out.UserID == "" {
		// Someone from outside the company (a WeChat user, a customer):
		// WeCom names them by an openid, which is no one's account here.
		return "", core.Errorf(core.ENotFound, "wecom.not_member", "wecom auth/getuserinfo: not a member of the company")
	}
	return out.UserID, nil
}
