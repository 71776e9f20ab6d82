/*
 * The event parser: KB 903220's AutoEnrollment event 13 texts and the
 * Certificate snap-in's message exactly as the article prints them, event XML,
 * UTF-16 files, and what is refused (doc/EVENTS.md).
 */
#include "cu.h"
#include <cadcom/event.h>

#define ACCESS_DENIED 0x80070005u

static char *slurp(const char *name, size_t *len)
{
	char path[1024];
	FILE *f = fopen(cu_data_path(path, sizeof(path), name), "rb");
	char *buf = NULL;
	long n;

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n + 1);
		if (buf && fread(buf, 1, (size_t)n, f) == (size_t)n) {
			buf[n] = '\0';
			*len = (size_t)n;
		} else {
			free(buf);
			buf = NULL;
		}
	}
	fclose(f);
	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	return buf;
}

/* Parse a fixture; a failure ends the test (and shows the message). */
static cadcom_events *parse_file(const char *name)
{
	cadcom_events *ev = NULL;
	size_t len = 0;
	char *text = slurp(name, &len);
	int rc = cadcom_events_parse(&ev, text, len, name);

	if (rc)
		fprintf(stderr, "\n  %s: %s\n", name, cadcom_error_message(cadcom_error_last()));
	free(text);
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ev);
	return ev;
}

/* Expect `code` and a message containing the source name and `want`. */
static void expect_error(const char *text, size_t len, const char *source, int code,
			 const char *want)
{
	cadcom_events *ev = (cadcom_events *)&ev; /* must be reset to NULL */
	int rc = cadcom_events_parse(&ev, text, len, source);
	const char *msg = cadcom_error_message(cadcom_error_last());

	if (rc != code || !strstr(msg, source) || (want && !strstr(msg, want)))
		fprintf(stderr, "\n  %s: rc %d (want %d): %s\n  want: %s\n", source, rc, code,
			msg, want ? want : "");
	CU_ASSERT_EQUAL(rc, code);
	CU_ASSERT_PTR_NULL(ev);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, source));
	if (want)
		CU_ASSERT_PTR_NOT_NULL(strstr(msg, want));
}

static void expect_file_error(const char *name, int code, const char *want)
{
	size_t len = 0;
	char *text = slurp(name, &len);

	expect_error(text, len, name, code, want);
	free(text);
}

static void check_event(const cadcom_events *ev, size_t i, const char *computer,
			const char *tmpl, uint32_t status, int local, long line)
{
	const char *c = cadcom_events_computer(ev, i), *t = cadcom_events_template(ev, i);

	CU_ASSERT_EQUAL(cadcom_events_kind(ev, i), CADCOM_EVENT_AUTOENROLL_FAILED);
	CU_ASSERT_STRING_EQUAL(c ? c : "(null)", computer);
	CU_ASSERT_STRING_EQUAL(t ? t : "(null)", tmpl);
	CU_ASSERT_EQUAL(cadcom_events_status(ev, i), status);
	CU_ASSERT_EQUAL(cadcom_events_local_system(ev, i), local);
	CU_ASSERT_EQUAL(cadcom_events_line(ev, i), line);
	CU_ASSERT_PTR_NOT_NULL(cadcom_events_text(ev, i));
}

static void test_seed_event1(void)
{
	cadcom_events *ev = parse_file("events/seed-event1.txt");

	CU_ASSERT_EQUAL(cadcom_events_count(ev), 1);
	check_event(ev, 0, "computer_name", "Directory Email Replication", ACCESS_DENIED, 1, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(cadcom_events_text(ev, 0), "Access is denied."));
	CU_ASSERT_EQUAL(strncmp(cadcom_events_text(ev, 0), "Automatic certificate", 21), 0);
	cadcom_events_free(ev);
}

/* Events 2 and 3: the third run together on the last line of the second. */
static void test_seed_event2_and_3(void)
{
	cadcom_events *ev = parse_file("events/seed-event2.txt");

	CU_ASSERT_EQUAL_FATAL(cadcom_events_count(ev), 2);
	check_event(ev, 0, "computer_name", "Workstation Authentication", ACCESS_DENIED, 1, 1);
	check_event(ev, 1, "NICHOLASH", "Domain Controller 2003", ACCESS_DENIED, 1, 9);
	/* the second event's description stops where the third begins */
	CU_ASSERT_PTR_NULL(strstr(cadcom_events_text(ev, 0), "NICHOLASH"));
	CU_ASSERT_PTR_NOT_NULL(strstr(cadcom_events_text(ev, 0), "support.microsoft.com."));
	cadcom_events_free(ev);
}

static void test_utf16(void)
{
	cadcom_events *ev = parse_file("events/seed-event2-utf16.txt");

	CU_ASSERT_EQUAL_FATAL(cadcom_events_count(ev), 2);
	check_event(ev, 0, "computer_name", "Workstation Authentication", ACCESS_DENIED, 1, 1);
	check_event(ev, 1, "NICHOLASH", "Domain Controller 2003", ACCESS_DENIED, 1, 9);
	cadcom_events_free(ev);
}

static void test_snapin(void)
{
	cadcom_events *ev = parse_file("events/snapin.txt");

	CU_ASSERT_EQUAL_FATAL(cadcom_events_count(ev), 1);
	CU_ASSERT_EQUAL(cadcom_events_kind(ev, 0), CADCOM_EVENT_SNAPIN_DENIED);
	CU_ASSERT_PTR_NULL(cadcom_events_computer(ev, 0));
	CU_ASSERT_PTR_NULL(cadcom_events_template(ev, 0));
	CU_ASSERT_EQUAL(cadcom_events_status(ev, 0), 0);
	CU_ASSERT_EQUAL(cadcom_events_line(ev, 0), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(cadcom_events_text(ev, 0), "available CAs."));
	cadcom_events_free(ev);
}

/* The snap-in message wrapped differently, with a BOM and CRLF. */
static void test_snapin_wrapped(void)
{
	static const char text[] =
		"\xef\xbb\xbf\r\nThe certificate request failed because of one of the following\r\n"
		"conditions:\r\n- The certificate request was submitted to a Certification "
		"Authority\r\n(CA) that is not started.\r\n-You do not have the permissions to "
		"request certificates from the available CAs.\r\n";
	cadcom_events *ev = NULL;

	CU_ASSERT_EQUAL_FATAL(cadcom_events_parse(&ev, text, sizeof(text) - 1, "wrapped"), 0);
	CU_ASSERT_EQUAL(cadcom_events_count(ev), 1);
	CU_ASSERT_EQUAL(cadcom_events_kind(ev, 0), CADCOM_EVENT_SNAPIN_DENIED);
	CU_ASSERT_EQUAL(cadcom_events_line(ev, 0), 2);
	cadcom_events_free(ev);
}

static void test_xml_wevtutil(void)
{
	cadcom_events *ev = parse_file("events/events-wevtutil.xml");

	CU_ASSERT_EQUAL_FATAL(cadcom_events_count(ev), 2);
	/* Vista+ wording rebuilt from the insertion strings */
	check_event(ev, 0, "DC1.contoso.test", "DomainController", ACCESS_DENIED, 1, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(cadcom_events_text(ev, 0),
				      "with request ID N/A from ca01.contoso.test\\contoso-CA01-CA"
				      " (Access is denied. 0x80070005 (WIN32: 5 ERROR_ACCESS_DENIED))."));
	/* the rendered message, its &#13;&#10; decoded */
	check_event(ev, 1, "WS7.contoso.test", "Workstation Authentication", ACCESS_DENIED, 1, 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(cadcom_events_text(ev, 1), "(0x80070005).  Access is denied."));
	cadcom_events_free(ev);
}

/* Event Viewer's "Save as XML": declaration, <Events>, a user context, and
 * another provider's event 13 that is skipped. */
static void test_xml_saved(void)
{
	cadcom_events *ev = parse_file("events/events-saved.xml");

	CU_ASSERT_EQUAL_FATAL(cadcom_events_count(ev), 1);
	check_event(ev, 0, "WS7.contoso.test", "User", ACCESS_DENIED, 0, 3);
	cadcom_events_free(ev);
}

static void test_xml_entities(void)
{
	static const char text[] =
		"<Event><System><Provider Name=\"AutoEnrollment\"/><EventID>13</EventID>"
		"<Computer>A&amp;B&#x2D;&#67;</Computer></System><RenderingInfo Culture='en-US'>"
		"<Message>Automatic certificate enrollment for local system failed to enroll for "
		"one Web &quot;Server&quot; &lt;v2&gt; &apos;x&apos; certificate (0x80070005). "
		"Access is denied.</Message></RenderingInfo></Event>";
	cadcom_events *ev = NULL;

	CU_ASSERT_EQUAL_FATAL(cadcom_events_parse(&ev, text, sizeof(text) - 1, "ent"), 0);
	check_event(ev, 0, "A&B-C", "Web \"Server\" <v2> 'x'", ACCESS_DENIED, 1, 1);
	cadcom_events_free(ev);
}

/* The Vista and later wording in the event viewer's text (Details, copied). */
static void test_vista_text(void)
{
	static const char text[] =
		"Log Name:      Application\r\n"
		"Source:        Microsoft-Windows-CertificateServicesClient-CertEnroll\r\n"
		"Date:          3/5/2024 8:15:12 AM\r\nEvent ID:      13\r\n"
		"Task Category: None\r\nLevel:         Error\r\nKeywords:      Classic\r\n"
		"User:          SYSTEM\r\nComputer:      DC1.contoso.test\r\nDescription:\r\n"
		"Certificate enrollment for Local system failed to enroll for a DomainController "
		"certificate with request ID N/A from ca01.contoso.test\\contoso-CA01-CA (Access "
		"is denied. 0x80070005 (WIN32: 5 ERROR_ACCESS_DENIED)).\r\n"
		"Certificate enrollment for CONTOSO\\bob failed to enroll for a Smartcard User "
		"certificate with request ID 12 from ca01.contoso.test\\contoso-CA01-CA (The RPC "
		"server is unavailable. 0x800706ba (WIN32: 1722 RPC_S_SERVER_UNAVAILABLE)).\r\n";
	cadcom_events *ev = NULL;

	CU_ASSERT_EQUAL_FATAL(cadcom_events_parse(&ev, text, sizeof(text) - 1, "vista"), 0);
	CU_ASSERT_EQUAL_FATAL(cadcom_events_count(ev), 1);
	check_event(ev, 0, "DC1.contoso.test", "DomainController", ACCESS_DENIED, 1, 1);
	cadcom_events_free(ev);

	/* bare descriptions, one per line */
	CU_ASSERT_EQUAL_FATAL(cadcom_events_parse(&ev, strstr(text, "Certificate enrollment"),
						  strlen(strstr(text, "Certificate enrollment")),
						  "bare"), 0);
	CU_ASSERT_EQUAL_FATAL(cadcom_events_count(ev), 2);
	check_event(ev, 0, "(null)", "DomainController", ACCESS_DENIED, 1, 1);
	check_event(ev, 1, "(null)", "Smartcard User", 0x800706bau, 0, 2);
	cadcom_events_free(ev);
}

static void test_several_events(void)
{
	size_t n1 = 0, n2 = 0, n3 = 0;
	char *a = slurp("events/seed-event1.txt", &n1), *b = slurp("events/seed-event2.txt", &n2);
	char *c = slurp("events/snapin.txt", &n3);
	char *all = malloc(n1 + n2 + n3);
	cadcom_events *ev = NULL;

	CU_ASSERT_PTR_NOT_NULL_FATAL(all);
	memcpy(all, a, n1);
	memcpy(all + n1, b, n2);
	memcpy(all + n1 + n2, c, n3);
	/* exact-size buffer, no terminator: ASan sees any overread */
	CU_ASSERT_EQUAL_FATAL(cadcom_events_parse(&ev, all, n1 + n2 + n3, "all"), 0);
	CU_ASSERT_EQUAL_FATAL(cadcom_events_count(ev), 3);
	check_event(ev, 0, "computer_name", "Directory Email Replication", ACCESS_DENIED, 1, 1);
	check_event(ev, 1, "computer_name", "Workstation Authentication", ACCESS_DENIED, 1, 10);
	check_event(ev, 2, "NICHOLASH", "Domain Controller 2003", ACCESS_DENIED, 1, 18);
	/* the snap-in message after the last event's text is part of that text */
	CU_ASSERT_EQUAL(cadcom_events_kind(ev, 3), 0);
	CU_ASSERT_EQUAL(cadcom_events_line(ev, 3), 0);
	CU_ASSERT_PTR_NULL(cadcom_events_text(ev, 3));
	CU_ASSERT_PTR_NULL(cadcom_events_computer(ev, 3));
	CU_ASSERT_EQUAL(cadcom_events_status(ev, 3), 0);
	cadcom_events_free(ev);
	free(a);
	free(b);
	free(c);
	free(all);
}

static void test_refused(void)
{
	static const char random_text[] = "The quick brown fox jumps over the lazy dog.\n";
	static const char user2003[] =
		"Automatic certificate enrollment for CONTOSO\\bob failed to enroll for one User "
		"certificate (0x80070005). Access is denied.";
	static const char bad_xml_end[] = "<Event><System></Event>";
	static const char dtd[] = "<!DOCTYPE x [<!ENTITY a 'b'>]><Event/>";
	static const char utf16_odd[] = "\xff\xfe<\0E";

	expect_error("", 0, "empty.txt", CADCOM_EUNSUPPORTED, "not recognised: expected "
		     "AutoEnrollment event 13 (the event viewer's text or event XML) or the "
		     "Certificate snap-in's message");
	expect_error("  \r\n", 4, "blank.txt", CADCOM_EUNSUPPORTED, "empty input");
	expect_error(random_text, sizeof(random_text) - 1, "fox.txt", CADCOM_EUNSUPPORTED,
		     "fox.txt: not recognised: expected AutoEnrollment event 13");
	expect_error(user2003, sizeof(user2003) - 1, "user.txt", CADCOM_EUNSUPPORTED,
		     "only \"for local system\"");
	expect_file_error("events/event14.txt", CADCOM_EUNSUPPORTED,
			  "events/event14.txt:4: event ID 14, not 13");
	expect_file_error("events/german.txt", CADCOM_EUNSUPPORTED, "not English");
	expect_file_error("events/truncated.xml", CADCOM_EPARSE,
			  "events/truncated.xml:2: unterminated attribute value");
	expect_file_error("events/bad-entity.xml", CADCOM_EPARSE,
			  "events/bad-entity.xml:2: bad entity \"&denied;\"");
	expect_error(bad_xml_end, sizeof(bad_xml_end) - 1, "end.xml", CADCOM_EPARSE,
		     "end.xml:1: end tag </Event> does not match <System>");
	expect_error(bad_xml_end, 15, "open.xml", CADCOM_EPARSE, "open.xml:1: unterminated element <System>");
	expect_error(dtd, sizeof(dtd) - 1, "dtd.xml", CADCOM_EUNSUPPORTED, "document type");
	expect_error(utf16_odd, sizeof(utf16_odd) - 1, "odd.txt", CADCOM_EPARSE, "odd number");
	expect_error("\xfe\xff\0E", 4, "be.txt", CADCOM_EUNSUPPORTED, "big-endian");
	expect_error("Event\0ID", 8, "nul.txt", CADCOM_EUNSUPPORTED, "NUL byte at offset 5");
	expect_error("Caf\xe9", 4, "latin1.txt", CADCOM_EUNSUPPORTED, "not UTF-8");
	expect_error("<Foo/>", 6, "foo.xml", CADCOM_EUNSUPPORTED, "<Foo>, not <Event>");
	expect_error("<Event>&#0;</Event>", 19, "nul-ent.xml", CADCOM_EPARSE, "bad entity");
}

/* Found by fuzz_event: an unrecognised description at the very end of the
 * buffer was printed with "%.40s" past its end.  Exact-size copy for ASan. */
static void test_diag_at_end(void)
{
	static const char text[] = "Event Type: Error\nDescription: Something else";
	char *buf = malloc(sizeof(text) - 1);

	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	memcpy(buf, text, sizeof(text) - 1);
	expect_error(buf, sizeof(text) - 1, "end.txt", CADCOM_EUNSUPPORTED,
		     "end.txt:2: description \"Something else...\"");
	free(buf);
}

/* More Data elements than are kept: the extra ones are ignored, not written
 * past the array (found in review). */
static void test_many_data(void)
{
	char *buf = malloc(8192), *p = buf;
	cadcom_events *ev = NULL;

	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	p += sprintf(p, "<Event><System><Provider Name='AutoEnrollment'/><EventID>13</EventID>"
		     "</System><EventData><Data>local system</Data><Data>Basic EFS</Data>"
		     "<Data>0x80070005</Data><Data>Access is denied.</Data>");
	for (int i = 0; i < 40; i++)
		p += sprintf(p, "<Data>extra %d</Data>", i);
	p += sprintf(p, "</EventData></Event>");
	CU_ASSERT_EQUAL_FATAL(cadcom_events_parse(&ev, buf, (size_t)(p - buf), "many"), 0);
	check_event(ev, 0, "(null)", "Basic EFS", ACCESS_DENIED, 1, 1);
	cadcom_events_free(ev);
	free(buf);
}

/* The computer name is read within 512 bytes in either format (doc/EVENTS.md):
 * a longer one is no name, NULL.  Event XML kept it whole while the text
 * dropped it (found by fuzz_event, which reads every input in each). */
static void test_long_computer(void)
{
	static const char desc[] = "Automatic certificate enrollment for local system failed to "
				   "enroll for one Web Server certificate (0x80070005).";
	char name[514], *buf = malloc(2048);
	cadcom_events *ev = NULL;

	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	for (size_t len = 512; len <= 513; len++) {
		memset(name, 'C', len);
		name[len] = '\0';
		for (int xml = 0; xml < 2; xml++) {
			int n = xml ? snprintf(buf, 2048, "<Event><System><Provider Name='AutoEnrollment'/>"
					       "<EventID>13</EventID><Computer>%s</Computer></System>"
					       "<RenderingInfo Culture='en-US'><Message>%s</Message>"
					       "</RenderingInfo></Event>", name, desc)
				    : snprintf(buf, 2048, "Event Type: Error\nEvent Source: AutoEnrollment\n"
					       "Event ID: 13\nComputer: %s\nDescription: %s\n", name, desc);

			CU_ASSERT_EQUAL_FATAL(cadcom_events_parse(&ev, buf, (size_t)n, "long"), 0);
			check_event(ev, 0, len <= 512 ? name : "(null)", "Web Server", ACCESS_DENIED, 1, 1);
			cadcom_events_free(ev);
		}
	}
	free(buf);
}

static void test_bad_entity_offset(void)
{
	static const char text[] = "<Event>\n<System>&bogus;</System></Event>";
	cadcom_events *ev = NULL;

	CU_ASSERT_EQUAL(cadcom_events_parse(&ev, text, sizeof(text) - 1, "off"), CADCOM_EPARSE);
	CU_ASSERT_EQUAL(cadcom_error_offset(cadcom_error_last()), 16);
}

static void test_limits_and_args(void)
{
	cadcom_events *ev = NULL;
	size_t big = ((size_t)16 << 20) + 1;
	char *buf = malloc(big);

	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	memset(buf, ' ', big);
	CU_ASSERT_EQUAL(cadcom_events_parse(&ev, buf, big, "big.txt"), CADCOM_ELIMIT);
	CU_ASSERT_PTR_NOT_NULL(strstr(cadcom_error_message(cadcom_error_last()), "big.txt"));
	free(buf);
	CU_ASSERT_EQUAL(cadcom_events_parse(NULL, "x", 1, "a"), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_events_parse(&ev, NULL, 1, "a"), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_events_count(NULL), 0);
	CU_ASSERT_EQUAL(cadcom_events_kind(NULL, 0), 0);
	CU_ASSERT_PTR_NULL(cadcom_events_text(NULL, 0));
	cadcom_events_free(NULL);
}

int main(void)
{
	CU_TestInfo tests[] = {
		{ "KB 903220 event message 1", test_seed_event1 },
		{ "KB 903220 event messages 2 and 3 (run together)", test_seed_event2_and_3 },
		{ "UTF-16LE file with BOM", test_utf16 },
		{ "Certificate snap-in message", test_snapin },
		{ "snap-in message wrapped, BOM, CRLF", test_snapin_wrapped },
		{ "wevtutil /f:xml and /f:RenderedXml", test_xml_wevtutil },
		{ "Event Viewer Save as XML, user context", test_xml_saved },
		{ "XML entities", test_xml_entities },
		{ "Vista and later wording as text", test_vista_text },
		{ "several events in one file", test_several_events },
		{ "refused input", test_refused },
		{ "bad entity offset", test_bad_entity_offset },
		{ "unrecognised description at the buffer's end", test_diag_at_end },
		{ "more Data elements than kept", test_many_data },
		{ "computer name over 512 bytes, text and XML", test_long_computer },
		{ "limits and arguments", test_limits_and_args },
		CU_TEST_INFO_NULL,
	};

	return cu_run("event", tests);
}
