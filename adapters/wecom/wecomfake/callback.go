package wecomfake

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// Encrypt encrypts a callback as WeCom does: AES-256-CBC with the key
// decoded from the EncodingAESKey (and its first 16 bytes as the IV) over
// random(16) + length(4, big endian) + msg + corp id, padded PKCS#7 to a
// multiple of 32, in standard base64.
func (s *Server) Encrypt(msg []byte) string {
	key, err := base64.StdEncoding.DecodeString(s.App.AESKey + "=")
	if err != nil || len(key) != 32 {
		panic("wecomfake: bad EncodingAESKey")
	}
	plain := make([]byte, 20, 20+len(msg)+len(s.App.CorpID)+32)
	_, _ = rand.Read(plain[:16])
	binary.BigEndian.PutUint32(plain[16:20], uint32(len(msg)))
	plain = append(append(plain, msg...), s.App.CorpID...)
	pad := 32 - len(plain)%32
	plain = append(plain, bytes.Repeat([]byte{byte(pad)}, pad)...)
	block, _ := aes.NewCipher(key)
	out := make([]byte, len(plain))
	cipher.NewCBCEncrypter(block, key[:16]).CryptBlocks(out, plain)
	return base64.StdEncoding.EncodeToString(out)
}

// Sign is a callback's msg_signature: the SHA-1, in hex, of the token,
// timestamp, nonce and encrypted message sorted and joined.
func (s *Server) Sign(timestamp, nonce, encrypted string) string {
	parts := []string{s.App.Token, timestamp, nonce, encrypted}
	sort.Strings(parts)
	sum := sha1.Sum([]byte(strings.Join(parts, "")))
	return hex.EncodeToString(sum[:])
}

var nonces atomic.Int64

// signedQuery is the query string WeCom adds to a callback URL.
func (s *Server) signedQuery(encrypted string) url.Values {
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	nonce := strconv.FormatInt(nonces.Add(1)+1e9, 10)
	return url.Values{"msg_signature": {s.Sign(ts, nonce, encrypted)}, "timestamp": {ts}, "nonce": {nonce}}
}

// Handshake verifies a callback URL as WeCom's admin page does when the
// URL is saved: a GET with an encrypted echostr, whose plain text the
// server must answer. It returns the status, the body and the plain text.
func (s *Server) Handshake(callbackURL string) (int, string, string) {
	echo := fmt.Sprintf("echo-%d", nonces.Add(1))
	enc := s.Encrypt([]byte(echo))
	q := s.signedQuery(enc)
	q.Set("echostr", enc)
	status, body := s.do(http.MethodGet, callbackURL+"?"+q.Encode(), "")
	return status, body, echo
}

// envelope is the XML WeCom posts: the encrypted message and who for.
func (s *Server) envelope(encrypted string) string {
	return fmt.Sprintf("<xml><ToUserName><![CDATA[%s]]></ToUserName><AgentID><![CDATA[%d]]></AgentID><Encrypt><![CDATA[%s]]></Encrypt></xml>",
		s.App.CorpID, s.App.AgentID, encrypted)
}

// Deliver posts a callback (plain XML as built by Text, Location and the
// rest) to hrbot encrypted and signed, and returns the status and body.
func (s *Server) Deliver(callbackURL string, plainXML string) (int, string) {
	enc := s.Encrypt([]byte(plainXML))
	return s.do(http.MethodPost, callbackURL+"?"+s.signedQuery(enc).Encode(), s.envelope(enc))
}

// DeliverRaw posts a callback with the query and body given, for forged
// and tampered ones.
func (s *Server) DeliverRaw(callbackURL string, query url.Values, body string) (int, string) {
	return s.do(http.MethodPost, callbackURL+"?"+query.Encode(), body)
}

// SealedAt is Sealed signed with timestamp at, for replays.
func (s *Server) SealedAt(plainXML string, at time.Time) (url.Values, string) {
	enc := s.Encrypt([]byte(plainXML))
	ts, nonce := strconv.FormatInt(at.Unix(), 10), strconv.FormatInt(nonces.Add(1)+1e9, 10)
	return url.Values{"msg_signature": {s.Sign(ts, nonce, enc)}, "timestamp": {ts}, "nonce": {nonce}}, s.envelope(enc)
}

// Sealed is a callback encrypted and signed but not sent: its query and
// body, for tests that change one of them.
func (s *Server) Sealed(plainXML string) (url.Values, string) {
	enc := s.Encrypt([]byte(plainXML))
	return s.signedQuery(enc), s.envelope(enc)
}

func (s *Server) do(method, u, body string) (int, string) {
	req, err := http.NewRequest(method, u, strings.NewReader(body))
	if err != nil {
		return 0, err.Error()
	}
	if body != "" {
		req.Header.Set("Content-Type", "text/xml")
	}
	resp, err := s.http.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func esc(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s)) // keeps "]]>" and control characters out of harm's way
	return b.String()
}

// head is the part every callback shares.
func (s *Server) head(from, msgType string, at time.Time) string {
	return fmt.Sprintf("<ToUserName>%s</ToUserName><FromUserName>%s</FromUserName><CreateTime>%d</CreateTime><MsgType>%s</MsgType><AgentID>%d</AgentID>",
		esc(s.App.CorpID), esc(from), at.Unix(), msgType, s.App.AgentID)
}

// Text is a text message from a member.
func (s *Server) Text(from, content string, msgID int64) string {
	return "<xml>" + s.head(from, "text", time.Now()) + fmt.Sprintf("<Content>%s</Content><MsgId>%d</MsgId></xml>", esc(content), msgID)
}

// Location is a location a member sent (Location_X is the latitude).
func (s *Server) Location(from string, lat, lng float64, label string, msgID int64) string {
	return "<xml>" + s.head(from, "location", time.Now()) + fmt.Sprintf(
		"<Location_X>%g</Location_X><Location_Y>%g</Location_Y><Scale>15</Scale><Label>%s</Label><MsgId>%d</MsgId><AppType>wxwork</AppType></xml>",
		lat, lng, esc(label), msgID)
}

// Image is a picture a member sent.
func (s *Server) Image(from, mediaID string, msgID int64) string {
	return "<xml>" + s.head(from, "image", time.Now()) + fmt.Sprintf(
		"<PicUrl>%s</PicUrl><MediaId>%s</MediaId><MsgId>%d</MsgId></xml>", esc(s.URL+"/pic/"+mediaID), esc(mediaID), msgID)
}

// File is a file a member sent. WeCom's documented app messages are text,
// image, voice, video, location and link; clients that forward a file
// send it like this, with its media id.
func (s *Server) File(from, mediaID, name string, msgID int64) string {
	return "<xml>" + s.head(from, "file", time.Now()) + fmt.Sprintf(
		"<MediaId>%s</MediaId><FileName>%s</FileName><MsgId>%d</MsgId></xml>", esc(mediaID), esc(name), msgID)
}

// event is an event callback; events carry no MsgId.
func (s *Server) event(from, event, key, extra string, at time.Time) string {
	return "<xml>" + s.head(from, "event", at) + fmt.Sprintf("<Event>%s</Event><EventKey>%s</EventKey>%s</xml>", event, esc(key), extra)
}

// EnterAgent is a member opening the app.
func (s *Server) EnterAgent(from string, at time.Time) string {
	return s.event(from, "enter_agent", "", "", at)
}

// MenuClick is a member choosing a menu item of type click.
func (s *Server) MenuClick(from, key string, at time.Time) string {
	return s.event(from, "click", key, "", at)
}

// CardEvent is a button press on a template card, with the response code
// WeCom gives for updating the card.
func (s *Server) CardEvent(from, taskID, key, responseCode string, at time.Time) string {
	return s.event(from, "template_card_event", key, fmt.Sprintf(
		"<TaskId>%s</TaskId><CardType>button_interaction</CardType><ResponseCode>%s</ResponseCode>", esc(taskID), esc(responseCode)), at)
}

// Press presses the button labelled label on the card sent with taskID,
// as userid, and delivers the event to hrbot with a fresh response code.
func (s *Server) Press(callbackURL, userid, taskID, label string) (int, string, error) {
	card, ok := s.Card(taskID)
	if !ok {
		return 0, "", fmt.Errorf("wecomfake: no card %q", taskID)
	}
	key := ""
	for _, b := range card.Buttons() {
		if b[0] == label {
			key = b[1]
		}
	}
	if key == "" {
		return 0, "", fmt.Errorf("wecomfake: card %q has no button %q (has %v)", taskID, label, card.Buttons())
	}
	s.mu.Lock()
	rc := s.next("rc")
	s.codes[rc] = taskID
	s.mu.Unlock()
	status, body := s.Deliver(callbackURL, s.CardEvent(userid, taskID, key, rc, time.Now()))
	return status, body, nil
}
