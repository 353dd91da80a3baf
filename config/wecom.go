package config

import (
	"encoding/base64"
	"strconv"
	"strings"
)

// WeCom configures the WeCom (企业微信) adapter: one self-built app
// (自建应用) of one company.
type WeCom struct {
	CorpID  string // HRBOT_WECOM_CORP_ID, the company's id (企业ID); empty disables WeCom
	AgentID int64  // HRBOT_WECOM_AGENT_ID, the app's AgentId
	Secret  string // HRBOT_WECOM_SECRET, the app's Secret
	Token   string // HRBOT_WECOM_TOKEN, the callback Token that signs callbacks
	AESKey  string // HRBOT_WECOM_AES_KEY, the callback EncodingAESKey: 43 characters of base64
	APIURL  string // HRBOT_WECOM_API_URL, stored without a trailing slash
	// OAuthURL is HRBOT_WECOM_OAUTH_URL: WeCom's authorize page, where the
	// console sends a member who opens it inside WeCom to learn who they are.
	OAuthURL string
}

// Enabled reports whether the WeCom adapter should run.
func (w WeCom) Enabled() bool { return w.CorpID != "" }

// wecomAESKeyOK reports whether s is an EncodingAESKey: 43 base64
// characters that are, with the "=" WeCom leaves off, 32 bytes of key.
func wecomAESKeyOK(s string) bool {
	if len(s) != 43 {
		return false
	}
	b, err := base64.StdEncoding.DecodeString(s + "=")
	return err == nil && len(b) == 32
}

// wecomTokenOK reports whether s is a callback Token as WeCom's admin page
// makes them: 1-32 English letters and digits.
func wecomTokenOK(s string) bool {
	if len(s) == 0 || len(s) > 32 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// wecom reads the WeCom app. Its ids are not secrets but, like the rest,
// may come from _FILE settings so that one mounted folder holds the app.
func (l *loader) wecom() WeCom {
	w := WeCom{
		CorpID:   l.get("HRBOT_WECOM_CORP_ID"),
		Secret:   l.get("HRBOT_WECOM_SECRET"),
		Token:    l.get("HRBOT_WECOM_TOKEN"),
		AESKey:   l.get("HRBOT_WECOM_AES_KEY"),
		APIURL:   l.httpURL("HRBOT_WECOM_API_URL"),
		OAuthURL: l.httpURL("HRBOT_WECOM_OAUTH_URL"),
	}
	if strings.Contains(w.OAuthURL, "#") {
		// The console adds WeCom's own #wechat_redirect after the query.
		l.invalid("HRBOT_WECOM_OAUTH_URL", w.OAuthURL, "must have no #fragment: hrbot adds #wechat_redirect itself")
	}
	agent := l.get("HRBOT_WECOM_AGENT_ID")
	if agent != "" {
		n, err := strconv.ParseInt(agent, 10, 64)
		if err != nil || n <= 0 {
			l.invalid("HRBOT_WECOM_AGENT_ID", agent, "must be the app's AgentId, a positive number such as 1000002")
		}
		w.AgentID = n
	}
	if w.Token != "" && !wecomTokenOK(w.Token) {
		l.invalid("HRBOT_WECOM_TOKEN", w.Token, "must be 1-32 letters and digits, as WeCom's callback settings make it")
	}
	if w.AESKey != "" && !wecomAESKeyOK(w.AESKey) {
		l.invalid("HRBOT_WECOM_AES_KEY", w.AESKey, "must be the EncodingAESKey: 43 characters of base64 (A-Z a-z 0-9 + /)")
	}
	set := w.CorpID != "" || agent != "" || w.Secret != "" || w.Token != "" || w.AESKey != ""
	if !set {
		return w
	}
	// Half a WeCom app cannot work: without the secret nothing is sent,
	// without the token and key no callback can be verified or read.
	for name, v := range map[string]string{
		"HRBOT_WECOM_CORP_ID": w.CorpID, "HRBOT_WECOM_AGENT_ID": agent, "HRBOT_WECOM_SECRET": w.Secret,
		"HRBOT_WECOM_TOKEN": w.Token, "HRBOT_WECOM_AES_KEY": w.AESKey,
	} {
		if v == "" {
			l.require(name, "when any HRBOT_WECOM_ setting is set: WeCom needs the corp id, agent id, secret, token and AES key together")
		}
	}
	return w
}
