package web_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
)

// get fetches path with c and returns the response and its body.
func (f *fixture) get(c *http.Client, path string) (*http.Response, string) {
	f.t.Helper()
	resp, err := c.Get(f.srv.URL + path)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		f.t.Fatal(err)
	}
	return resp, string(body)
}

// open opens a page and returns its status and body.
func (f *fixture) open(c *http.Client, page string) (int, string) {
	f.t.Helper()
	resp, body := f.get(c, page)
	return resp.StatusCode, body
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrf is the token the forms of page carry.
func (f *fixture) csrf(c *http.Client, page string) string {
	f.t.Helper()
	status, body := f.open(c, page)
	m := csrfField.FindStringSubmatch(body)
	if m == nil {
		f.t.Fatalf("%s has no form with a CSRF token (status %d)", page, status)
	}
	return m[1]
}

// post sends a form to action with the session's CSRF token, read from
// page, and returns the status and body of where it ends (redirects
// followed).
func (f *fixture) post(c *http.Client, page, action string, form url.Values) (int, string) {
	f.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	form.Set("csrf", f.csrf(c, page))
	resp, err := c.PostForm(f.srv.URL+action, form)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// postFile sends data as the file name in the form field field to action,
// as a browser's upload form would, with the CSRF token read from page.
func (f *fixture) postFile(c *http.Client, page, action, field, name string, data []byte) (int, string) {
	f.t.Helper()
	return f.postFiles(c, page, action, field, []string{name}, map[string][]byte{name: data})
}

// postFiles sends files, in the order of names, in the form field field
// to action, as a browser's upload form with several files chosen would.
func (f *fixture) postFiles(c *http.Client, page, action, field string, names []string, files map[string][]byte) (int, string) {
	f.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	_ = w.WriteField("csrf", f.csrf(c, page))
	for _, name := range names {
		part, _ := w.CreateFormFile(field, name)
		_, _ = part.Write(files[name])
	}
	_ = w.Close()
	resp, err := c.Post(f.srv.URL+action, w.FormDataContentType(), &body)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(out)
}
