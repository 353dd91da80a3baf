package backup

import (
	"errors"
	"net/url"
	"sort"
	"strings"
)

// libpqParams maps connection-string keywords to libpq's environment
// variables. Keywords only pgx knows (pool_max_conns and the like) are left out.
var libpqParams = map[string]string{
	"host": "PGHOST", "hostaddr": "PGHOSTADDR", "port": "PGPORT", "dbname": "PGDATABASE",
	"user": "PGUSER", "password": "PGPASSWORD", "passfile": "PGPASSFILE", "service": "PGSERVICE",
	"options": "PGOPTIONS", "application_name": "PGAPPNAME", "connect_timeout": "PGCONNECT_TIMEOUT",
	"sslmode": "PGSSLMODE", "requiressl": "PGREQUIRESSL", "sslcert": "PGSSLCERT", "sslkey": "PGSSLKEY",
	"sslrootcert": "PGSSLROOTCERT", "sslcrl": "PGSSLCRL", "sslcrldir": "PGSSLCRLDIR", "sslsni": "PGSSLSNI",
	"ssl_min_protocol_version": "PGSSLMINPROTOCOLVERSION", "ssl_max_protocol_version": "PGSSLMAXPROTOCOLVERSION",
	"channel_binding": "PGCHANNELBINDING", "gssencmode": "PGGSSENCMODE", "krbsrvname": "PGKRBSRVNAME",
	"gsslib": "PGGSSLIB", "target_session_attrs": "PGTARGETSESSIONATTRS", "load_balance_hosts": "PGLOADBALANCEHOSTS",
}

// libpqEnv returns base with the connection parameters set as libpq
// environment variables (replacing any already there).
func libpqEnv(base []string, params map[string]string) []string {
	set := map[string]string{}
	for k, v := range params {
		if name, ok := libpqParams[k]; ok {
			set[name] = v
		}
	}
	env := make([]string, 0, len(base)+len(set))
	for _, kv := range base {
		k, _, _ := strings.Cut(kv, "=")
		if _, ok := set[k]; !ok {
			env = append(env, kv)
		}
	}
	names := make([]string, 0, len(set))
	for k := range set {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		env = append(env, k+"="+set[k])
	}
	return env
}

// connParams splits a postgres:// URL or a keyword/value string into
// libpq's keywords. Errors never quote the string: it may hold a password.
func connParams(conn string) (map[string]string, error) {
	if scheme, _, ok := strings.Cut(conn, "://"); ok && (strings.EqualFold(scheme, "postgres") || strings.EqualFold(scheme, "postgresql")) {
		return urlParams(conn)
	}
	return keywordParams(conn)
}

// urlParams reads a postgres:// URL the way libpq does, including its
// several-hosts form postgres://h1:5432,h2:5433/db that net/url rejects.
func urlParams(conn string) (map[string]string, error) {
	bad := errors.New("DATABASE_URL is not a valid postgres:// URL")
	unescape := func(s string) (string, error) {
		v, err := url.PathUnescape(s)
		if err != nil {
			return "", bad
		}
		return v, nil
	}
	_, rest, _ := strings.Cut(conn, "://")
	p := map[string]string{}
	if i := strings.IndexAny(rest, "@/"); i >= 0 && rest[i] == '@' {
		user, pass, hasPass := strings.Cut(rest[:i], ":")
		rest = rest[i+1:]
		var err error
		if user != "" {
			if p["user"], err = unescape(user); err != nil {
				return nil, err
			}
		}
		if hasPass && pass != "" {
			if p["password"], err = unescape(pass); err != nil {
				return nil, err
			}
		}
	}
	netloc, path, query := rest, "", ""
	if i := strings.IndexAny(rest, "/?"); i >= 0 {
		netloc, rest = rest[:i], rest[i:]
		if after, ok := strings.CutPrefix(rest, "/"); ok {
			path, query, _ = strings.Cut(after, "?")
		} else {
			query = rest[1:]
		}
	}
	if netloc != "" {
		hosts, ports, err := hostsAndPorts(netloc, unescape)
		if err != nil {
			return nil, err
		}
		p["host"] = hosts
		if ports != "" {
			p["port"] = ports
		}
	}
	if path != "" {
		db, err := unescape(path)
		if err != nil {
			return nil, err
		}
		p["dbname"] = db
	}
	for _, kv := range strings.Split(query, "&") {
		if kv == "" {
			continue
		}
		k, v, _ := strings.Cut(kv, "=")
		k, err := unescape(k)
		if err != nil {
			return nil, err
		}
		if p[k], err = unescape(v); err != nil {
			return nil, err
		}
	}
	if p["ssl"] == "true" {
		p["sslmode"] = "require"
	}
	return p, nil
}

// hostsAndPorts reads the host list of a URL, libpq's way: "h1:5432,h2",
// "[::1]:3". ports is "" when no host names one.
func hostsAndPorts(netloc string, unescape func(string) (string, error)) (hosts, ports string, err error) {
	bad := errors.New("DATABASE_URL is not a valid postgres:// URL")
	var hs, ps []string
	anyPort := strings.Contains(netloc, ",")
	for _, hp := range strings.Split(netloc, ",") {
		host, port := hp, ""
		if strings.HasPrefix(hp, "[") {
			end := strings.IndexByte(hp, ']')
			if end < 0 {
				return "", "", bad
			}
			host = hp[1:end]
			if after := hp[end+1:]; after != "" {
				var ok bool
				if port, ok = strings.CutPrefix(after, ":"); !ok {
					return "", "", bad
				}
				anyPort = true
			}
		} else {
			var ok bool
			host, port, ok = strings.Cut(hp, ":")
			anyPort = anyPort || ok
		}
		h, err := unescape(host)
		if err != nil {
			return "", "", err
		}
		pt, err := unescape(port)
		if err != nil {
			return "", "", err
		}
		hs, ps = append(hs, h), append(ps, pt)
	}
	if !anyPort {
		return strings.Join(hs, ","), "", nil
	}
	return strings.Join(hs, ","), strings.Join(ps, ","), nil
}

// keywordParams parses libpq's keyword/value form: host=db user='a b'.
func keywordParams(s string) (map[string]string, error) {
	bad := errors.New("DATABASE_URL: cannot read its keyword/value settings")
	isSpace := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' }
	p := map[string]string{}
	for {
		for len(s) > 0 && isSpace(s[0]) {
			s = s[1:]
		}
		if s == "" {
			return p, nil
		}
		eq := strings.IndexByte(s, '=')
		if eq <= 0 {
			return nil, bad
		}
		key := strings.TrimSpace(s[:eq])
		s = s[eq+1:]
		for len(s) > 0 && isSpace(s[0]) {
			s = s[1:]
		}
		var val strings.Builder
		if strings.HasPrefix(s, "'") {
			s = s[1:]
			closed := false
			for len(s) > 0 && !closed {
				switch {
				case s[0] == '\\' && len(s) > 1:
					val.WriteByte(s[1])
					s = s[2:]
				case s[0] == '\'':
					closed = true
					s = s[1:]
				default:
					val.WriteByte(s[0])
					s = s[1:]
				}
			}
			if !closed {
				return nil, bad
			}
		} else {
			for len(s) > 0 && !isSpace(s[0]) {
				if s[0] == '\\' && len(s) > 1 {
					val.WriteByte(s[1])
					s = s[2:]
					continue
				}
				val.WriteByte(s[0])
				s = s[1:]
			}
		}
		p[key] = val.String()
	}
}

// conninfoDBName is a libpq connection string naming only the database:
// pg_restore needs --dbname to restore into a database rather than print SQL.
func conninfoDBName(db string) string {
	r := strings.NewReplacer(`\`, `\\`, `'`, `\'`)
	return "dbname='" + r.Replace(db) + "'"
}

// HostOf names the server for the log, without user or password.
func HostOf(conn string) string {
	p, err := connParams(conn)
	if err != nil || p["host"] == "" {
		return "localhost"
	}
	if p["port"] != "" {
		return p["host"] + ":" + p["port"]
	}
	return p["host"]
}
