/*
 * The journal and the backup files (apply_internal.h).
 *
 * Every file is written so that a crash leaves either the old state or the
 * new one: backup files through a temporary, fsync and rename; journal
 * lines appended and flushed with fdatasync before the caller acts on
 * them.  A journal line is JSON on one line, so a torn last line (a crash
 * in the middle of an append) is recognisable: it has no newline.
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "apply_internal.h"

#define FORMAT "cadcom-journal-1"
#define REVERT_NAME "revert.reg"
#define MEMBERS_NAME "members.json"

static int io_error(const char *path, const char *what)
{
	return cadcom__error(CADCOM_EIO, -1, "%s: %s: %s", path, what, strerror(errno));
}

static char *path_in(const char *dir, const char *name)
{
	return cadcom__printf("%s/%s", dir, name);
}

static int write_all(int fd, const char *path, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return io_error(path, "cannot write");
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* `name` in `dir`, whole or not at all. */
static int write_file(const char *dir, const char *name, const void *data, size_t len)
{
	char *path = path_in(dir, name), *tmp = cadcom__printf("%s/.%s.tmp", dir, name);
	int fd = -1, rc;

	if (!path || !tmp) {
		rc = cadcom__enomem();
		goto out;
	}
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) < 0) {
		rc = io_error(tmp, "cannot create");
		goto out;
	}
	if ((rc = write_all(fd, tmp, data, len)) == 0 && fsync(fd) != 0)
		rc = io_error(tmp, "cannot flush");
	if (close(fd) != 0 && rc == 0)
		rc = io_error(tmp, "cannot close");
	if (rc == 0 && rename(tmp, path) != 0)
		rc = io_error(path, "cannot rename the temporary file into place");
	if (rc)
		unlink(tmp);
out:
	free(path);
	free(tmp);
	return rc;
}

static json_t *sid_json(const struct cadcom_sid *sid)
{
	char *text = NULL;
	json_t *j = NULL;

	if (cadcom_sid_to_string(sid, &text) == 0)
		j = json_string(text);
	cadcom_free(text);
	return j;
}

static json_t *step_json(const struct step *s)
{
	json_t *o = json_object();

	if (s->kind == CADCOM_ACTION_SET_VALUE) {
		json_object_set_new(o, "kind", json_string("set-value"));
		json_object_set_new(o, "text", json_string(s->text));
		json_object_set_new(o, "key", json_string(s->key));
		json_object_set_new(o, "name", json_string(s->name));
		json_object_set_new(o, "type", json_integer(s->type));
		json_object_set_new(o, "hex", cadcom__json_hex(s->data, s->len));
		json_object_set_new(o, "old_type", s->had_old ? json_integer(s->old_type) : json_null());
		json_object_set_new(o, "old_hex", s->had_old ? cadcom__json_hex(s->old, s->old_len) : json_null());
	} else {
		json_object_set_new(o, "kind", json_string("add-member"));
		json_object_set_new(o, "text", json_string(s->text));
		json_object_set_new(o, "group", sid_json(&s->group));
		json_object_set_new(o, "member", sid_json(&s->member));
	}
	return o;
}

/* One line, flushed.  `line` is consumed. */
static int append(struct journal *j, json_t *line)
{
	char *text = json_dumps(line, JSON_COMPACT | JSON_PRESERVE_ORDER);
	int rc;

	json_decref(line);
	if (!text)
		return cadcom__enomem();
	rc = write_all(j->fd, j->path, text, strlen(text));
	if (rc == 0)
		rc = write_all(j->fd, j->path, "\n", 1);
	if (rc == 0 && fdatasync(j->fd) != 0)
		rc = io_error(j->path, "cannot flush");
	free(text);
	return rc;
}

/* revert.reg: every value the apply may change, as it is now. */
static int write_revert(const char *dir, const struct cadcom_apply *a)
{
	cadcom_regfile *f = NULL;
	unsigned char *bytes = NULL;
	size_t len = 0;
	int rc = cadcom_regfile_new(&f);

	for (size_t i = a->n; rc == 0 && i-- > 0;) {
		const struct step *s = &a->steps[i];
		if (s->kind != CADCOM_ACTION_SET_VALUE)
			continue;
		rc = s->had_old ? cadcom_regfile_set_value(f, s->key, s->name, s->old_type, s->old,
							   s->old_len)
				: cadcom_regfile_delete_value(f, s->key, s->name);
	}
	if (rc == 0 && (rc = cadcom_regfile_to_bytes(f, &bytes, &len)) == 0)
		rc = write_file(dir, REVERT_NAME, bytes, len);
	cadcom_free(bytes);
	cadcom_regfile_free(f);
	return rc;
}

/* members.json: every group the apply adds to, with its members now. */
static int write_members(const char *dir, const struct cadcom_apply *a, cadcom_target *t)
{
	cadcom_directory *d = cadcom_target_directory(t);
	json_t *root = json_object(), *groups = json_array();
	char *text = NULL;
	int rc = 0;

	json_object_set_new(root, "format", json_string("cadcom-members-1"));
	json_object_set_new(root, "groups", groups);
	for (size_t i = 0; rc == 0 && i < a->n; i++) {
		const struct step *s = &a->steps[i];
		json_t *g, *list;
		bool seen = false;

		if (s->kind != CADCOM_ACTION_ADD_MEMBER || s->left_out)
			continue;
		for (size_t k = 0; k < i; k++)
			seen |= a->steps[k].kind == CADCOM_ACTION_ADD_MEMBER &&
				cadcom_sid_equal(&a->steps[k].group, &s->group);
		if (seen)
			continue;
		g = json_object();
		list = json_array();
		json_object_set_new(g, "group", sid_json(&s->group));
		json_object_set_new(g, "members", list);
		json_array_append_new(groups, g);
		for (size_t k = 0;; k++) {
			cadcom_sid *m = NULL;
			rc = cadcom_directory_member(d, &s->group, k, &m);
			if (rc == 0)
				json_array_append_new(list, sid_json(m));
			cadcom_sid_free(m);
			if (rc)
				break;
		}
		if (rc == CADCOM_ENOTFOUND)
			rc = 0;
	}
	if (rc) {
		json_decref(root);
		return rc;
	}
	if ((rc = cadcom__json_dump(root, &text)) == 0)
		rc = write_file(dir, MEMBERS_NAME, text, strlen(text));
	cadcom_free(text);
	return rc;
}

static int sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc = 0;

	if (fd < 0 || fsync(fd) != 0)
		rc = io_error(dir, "cannot flush the directory");
	if (fd >= 0)
		close(fd);
	return rc;
}

int cadcom__journal_create(struct journal *j, const char *dir, const struct cadcom_apply *a,
			   cadcom_target *t)
{
	json_t *head, *steps;
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	int rc;

	j->fd = -1;
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return io_error(dir, "cannot create the backup directory");
	if (!(j->path = path_in(dir, JOURNAL_NAME)))
		return cadcom__enomem();
	j->fd = open(j->path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0600);
	if (j->fd < 0) {
		rc = errno == EEXIST ? cadcom__error(CADCOM_EIO, -1,
						     "%s: a journal is there already: roll it back "
						     "(cadcom rollback) or choose another backup "
						     "directory",
						     j->path)
				     : io_error(j->path, "cannot create the journal");
		free(j->path);
		j->path = NULL;
		return rc;
	}
	if ((rc = write_revert(dir, a)) || (rc = write_members(dir, a, t)))
		goto fail;
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	head = json_object();
	steps = json_array();
	json_object_set_new(head, "format", json_string(FORMAT));
	json_object_set_new(head, "created", json_string(stamp));
	for (size_t i = 0; i < a->n; i++)
		if (a->steps[i].kind != STEP_RESTART)
			json_array_append_new(steps, step_json(&a->steps[i]));
	json_object_set_new(head, "steps", steps);
	if ((rc = append(j, head)) || (rc = sync_dir(dir)))
		goto fail;
	return 0;
fail:
	unlink(j->path);
	cadcom__journal_close(j);
	return rc;
}

int cadcom__journal_event(struct journal *j, size_t step, const char *event)
{
	json_t *o = json_object();

	json_object_set_new(o, "step", json_integer((json_int_t)step));
	json_object_set_new(o, "event", json_string(event));
	return append(j, o);
}

int cadcom__journal_end(struct journal *j, const char *event)
{
	json_t *o = json_object();

	json_object_set_new(o, "event", json_string(event));
	return append(j, o);
}

void cadcom__journal_close(struct journal *j)
{
	if (j->fd >= 0)
		close(j->fd);
	j->fd = -1;
	free(j->path);
	j->path = NULL;
}

/* ---- reading ---------------------------------------------------------- */

struct reader {
	const char *path;
	size_t line;
	long offset; /* of the line in the file */
};

static int bad(const struct reader *r, const char *fmt, const char *what)
{
	return cadcom__error(CADCOM_EPARSE, r->offset, "%s:%zu: %s%s", r->path, r->line, fmt,
			     what ? what : "");
}

static int get_hex(const struct reader *r, json_t *v, const char *field, unsigned char **out,
		   size_t *len)
{
	const char *hex = json_string_value(v);
	size_t n = hex ? strlen(hex) : 0;

	if (!hex || n % 2)
		return bad(r, "steps: not an even number of hex digits in ", field);
	if (!(*out = malloc(n / 2 + 1)))
		return cadcom__enomem();
	for (size_t i = 0; i < n / 2; i++) {
		int hi = cadcom__hexval(hex[2 * i]), lo = cadcom__hexval(hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return bad(r, "steps: not hex in ", field);
		(*out)[i] = (unsigned char)(hi << 4 | lo);
	}
	*len = n / 2;
	return 0;
}

static int get_sid(const struct reader *r, json_t *v, const char *field, struct cadcom_sid *out)
{
	cadcom_sid *sid = NULL;
	const char *text = json_string_value(v);

	if (!text || cadcom_sid_from_string(&sid, text, NULL) != 0)
		return bad(r, "steps: not a SID in ", field);
	*out = *sid;
	cadcom_sid_free(sid);
	return 0;
}

static int get_type(const struct reader *r, json_t *v, const char *field, int *out)
{
	if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 0xffff)
		return bad(r, "steps: not a registry type in ", field);
	*out = (int)json_integer_value(v);
	return 0;
}

static char *get_text(json_t *o, const char *field)
{
	const char *s = json_string_value(json_object_get(o, field));
	return s ? cadcom__strdup(s) : NULL;
}

static int read_step(const struct reader *r, json_t *o, struct cadcom_apply *a)
{
	const char *kind = json_string_value(json_object_get(o, "kind"));
	struct step *s;
	int rc;

	if (!json_is_object(o) || !kind ||
	    (strcmp(kind, "set-value") && strcmp(kind, "add-member")))
		return bad(r, "steps: a step without a known kind", NULL);
	if (!(s = cadcom__apply_step(a)) || !(s->text = get_text(o, "text")))
		return s ? bad(r, "steps: a step without text", NULL) : cadcom__enomem();
	if (kind[0] == 'a') {
		s->kind = CADCOM_ACTION_ADD_MEMBER;
		if ((rc = get_sid(r, json_object_get(o, "group"), "group", &s->group)) ||
		    (rc = get_sid(r, json_object_get(o, "member"), "member", &s->member)))
			return rc;
		return 0;
	}
	s->kind = CADCOM_ACTION_SET_VALUE;
	if (!(s->key = get_text(o, "key")) || !(s->name = get_text(o, "name")))
		return bad(r, "steps: a set-value step without key or name", NULL);
	if ((rc = get_type(r, json_object_get(o, "type"), "type", &s->type)) ||
	    (rc = get_hex(r, json_object_get(o, "hex"), "hex", &s->data, &s->len)))
		return rc;
	if (json_is_null(json_object_get(o, "old_hex")))
		return 0;
	s->had_old = true;
	if ((rc = get_type(r, json_object_get(o, "old_type"), "old_type", &s->old_type)))
		return rc;
	return get_hex(r, json_object_get(o, "old_hex"), "old_hex", &s->old, &s->old_len);
}

static int read_line(struct reader *r, const char *text, size_t len, struct cadcom_apply *a)
{
	json_error_t err;
	json_t *o = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err), *v = NULL;
	const char *event;
	int rc = 0;

	if (!o) {
		r->offset += err.position;
		return bad(r, "not JSON: ", err.text);
	}
	if (r->line == 1) {
		const char *format = json_string_value(json_object_get(o, "format"));
		if (!format || strcmp(format, FORMAT))
			rc = bad(r, "not a cadcom journal (format " FORMAT " expected)", NULL);
		else if (!json_is_array(v = json_object_get(o, "steps")))
			rc = bad(r, "no steps", NULL);
		for (size_t i = 0; rc == 0 && i < json_array_size(v); i++)
			rc = read_step(r, json_array_get(v, i), a);
		json_decref(o);
		return rc;
	}
	event = json_string_value(json_object_get(o, "event"));
	v = json_object_get(o, "step");
	if (!event) {
		rc = bad(r, "a line without an event", NULL);
	} else if (!v) {
		if (strcmp(event, "complete") && strcmp(event, "reverted") && strcmp(event, "rolled-back"))
			rc = bad(r, "unknown end event ", event);
	} else if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		   (size_t)json_integer_value(v) >= a->n) {
		rc = bad(r, "an event for a step that does not exist", NULL);
	} else {
		struct step *s = &a->steps[json_integer_value(v)];
		if (!strcmp(event, "intent"))
			s->intent = true;
		else if (!strcmp(event, "done"))
			s->done = true;
		else if (!strcmp(event, "reverted"))
			s->reverted = true;
		else
			rc = bad(r, "unknown event ", event);
		if (rc == 0 && (s->done || s->reverted) && !s->intent)
			rc = bad(r, "an outcome without its intent", NULL);
	}
	json_decref(o);
	return rc;
}

int cadcom__journal_open(struct journal *j, const char *dir, struct cadcom_apply *a)
{
	struct reader r = { 0 };
	char *text = NULL;
	size_t len = 0, cap = 0;
	int rc = 0;

	j->fd = -1;
	if (!(j->path = path_in(dir, JOURNAL_NAME)))
		return cadcom__enomem();
	j->fd = open(j->path, O_RDWR | O_APPEND | O_CLOEXEC);
	if (j->fd < 0) {
		rc = errno == ENOENT ? cadcom__error(CADCOM_ENOTFOUND, -1, "%s: no journal", j->path)
				     : io_error(j->path, "cannot open the journal");
		goto fail;
	}
	for (;;) {
		char *more;
		ssize_t got;
		if (len + 65536 > cap) {
			if (cap >= (64u << 20)) {
				rc = cadcom__error(CADCOM_ELIMIT, -1, "%s: larger than 64 MiB",
						   j->path);
				goto fail;
			}
			if (!(more = realloc(text, cap = cap ? cap * 2 : 65536))) {
				rc = cadcom__enomem();
				goto fail;
			}
			text = more;
		}
		got = read(j->fd, text + len, cap - len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			rc = io_error(j->path, "cannot read");
			goto fail;
		}
		if (got == 0)
			break;
		len += (size_t)got;
	}
	r.path = j->path;
	for (size_t at = 0; rc == 0 && at < len;) {
		const char *nl = memchr(text + at, '\n', len - at);
		r.line++;
		r.offset = (long)at;
		if (!nl && r.line > 1) /* torn: never flushed, so nothing acted on it */
			break;
		if (!nl) {
			r.line = 0;
			break;
		}
		rc = read_line(&r, text + at, (size_t)(nl - (text + at)), a);
		at = (size_t)(nl - text) + 1;
	}
	if (rc == 0 && r.line == 0)
		rc = cadcom__error(CADCOM_EPARSE, 0,
				   "%s: no complete first line: not a journal, or the apply stopped "
				   "before it wrote its first step (then nothing was written)",
				   j->path);
	if (rc)
		goto fail;
	free(text);
	return 0;
fail:
	free(text);
	cadcom__journal_close(j);
	return rc;
}
