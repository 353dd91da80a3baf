package main

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/hrbot/hrbot/adapters/wecom/wecomfake"
	"github.com/hrbot/hrbot/store/pgtest"
)

// TestWeComConsoleSignIn runs `hrbot serve` with the fake WeCom and
// HRBOT_WECOM_OAUTH_URL at its authorize page: the console opened inside
// WeCom by the manager linked to WangBoss signs him in to Today, through
// WeCom's OAuth, with no link from chat.
func TestWeComConsoleSignIn(t *testing.T) {
	t.Parallel()
	app := wecomfake.TestApp()
	fake := wecomfake.New(t, app)
	file := filepath.Join(t.TempDir(), "org.yaml")
	if err := os.WriteFile(file, []byte(wecomOrg), 0o644); err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{"DATABASE_URL": pgtest.URL(t)}
	if r := hrbot(t, vars, "", "apply", "-f", file); r.code != 0 {
		t.Fatalf("apply: %+v", r)
	}
	vars["HRBOT_WECOM_CORP_ID"], vars["HRBOT_WECOM_AGENT_ID"], vars["HRBOT_WECOM_SECRET"] = app.CorpID, strconv.FormatInt(app.AgentID, 10), app.Secret
	vars["HRBOT_WECOM_TOKEN"], vars["HRBOT_WECOM_AES_KEY"], vars["HRBOT_WECOM_API_URL"] = app.Token, app.AESKey, fake.URL
	vars["HRBOT_WECOM_OAUTH_URL"] = fake.AuthorizeURL()
	base := startServe(t, vars)

	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Jar: jar}
	fake.SignInAs("WangBoss")
	resp, err := client.Get(base + "/wecom/app")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/today" || !strings.Contains(string(body), "Boss Wang") {
		t.Fatalf("the console inside WeCom: %s at %s\n%s", resp.Status, resp.Request.URL.Path, body)
	}
	asked := fake.Authorizations()
	if len(asked) != 1 || asked[0].Get("redirect_uri") != base+"/wecom/oauth" || asked[0].Get("appid") != app.CorpID {
		t.Errorf("WeCom's authorize page was asked with %v", asked)
	}
	if n := len(fake.Calls("/cgi-bin/auth/getuserinfo")); n != 1 {
		t.Errorf("%d getuserinfo calls, want 1", n)
	}
}
