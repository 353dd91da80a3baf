package telegramtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

// inlineHeader marks, between Deliver and the server, a call made for a
// webhook's answer.
const inlineHeader = "X-Telegramtest-Inline"

// Deliver posts update to a bot's webhook at url as Telegram does, with
// secret in X-Telegram-Bot-Api-Secret-Token, and when the bot's HTTP answer
// carries a method call ({"method": "sendMessage", ...}) makes that call
// here, as Telegram would on the bot's behalf (limits and all). It returns
// the webhook's status and the inline method's name, "" for none.
func (s *Server) Deliver(url, secret string, update any) (status int, inline string, err error) {
	body, err := json.Marshal(update)
	if err != nil {
		return 0, "", err
	}
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, "", err
	}
	answer, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK || len(bytes.TrimSpace(answer)) == 0 {
		return resp.StatusCode, "", err
	}
	var call map[string]any
	if err := json.Unmarshal(answer, &call); err != nil {
		return resp.StatusCode, "", fmt.Errorf("webhook answer is not JSON: %w", err)
	}
	method, _ := call["method"].(string)
	if method == "" {
		return resp.StatusCode, "", fmt.Errorf("webhook answer without a method: %s", answer)
	}
	delete(call, "method")
	params, _ := json.Marshal(call)
	call2, err := http.NewRequest(http.MethodPost, s.URL+"/bot"+s.Token+"/"+method, bytes.NewReader(params))
	if err != nil {
		return resp.StatusCode, method, err
	}
	call2.Header.Set("Content-Type", "application/json")
	call2.Header.Set(inlineHeader, "1")
	r, err := http.DefaultClient.Do(call2)
	if err != nil {
		return resp.StatusCode, method, err
	}
	io.Copy(io.Discard, r.Body)
	r.Body.Close()
	return resp.StatusCode, method, nil
}
