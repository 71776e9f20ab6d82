# Why is an enrollee denied: tokens from the snapshot's directory, the
# layered verdict, AutoEnrollment event 13 explained; the scope rules.
use strict;
use warnings;
use Test::More;
use Cadcom;
use CadcomTest qw(example_forest examples slurp);

my ($topo, $target) = example_forest();
my $dir = Cadcom::target_directory($target);
my $dc2 = Cadcom::directory_lookup_name($dir, 'CONTOSO\DC2$');
my $token = Cadcom::token_from_directory($dir, $dc2, Cadcom::LOGON_NETWORK);
isa_ok($token, 'Cadcom::Token');
is(Cadcom::sid_to_string(Cadcom::token_user($token)), Cadcom::sid_to_string($dc2), 'the token\'s user');
my $everyone = Cadcom::sid_from_string('WD', undef);
is(Cadcom::token_has_sid($token, $everyone), 1, 'a network logon carries Everyone');
like(Cadcom::token_to_string($token), qr/^S-1-5-21-1-2-3-\d+,/, 'token as text');

my $v = Cadcom::verdict_compute($topo, $target, $token, 1);
isa_ok($v, 'Cadcom::Verdict');
is(Cadcom::verdict_allowed($v), 0, 'DC2 is denied');
is(Cadcom::verdict_enrollee($v), 'CONTOSO\DC2$', 'named');
my @denied = grep { Cadcom::verdict_result($v, $_) == Cadcom::VERDICT_DENIED } 0 .. Cadcom::verdict_count($v) - 1;
is(scalar @denied, 1, 'one layer denies');
is(Cadcom::verdict_layer($v, $denied[0]), Cadcom::LAYER_MACHINE_LAUNCH, 'the machine launch restriction');
like(Cadcom::verdict_text($v, $denied[0]), qr/MachineLaunchRestriction/, 'what happened');
like(Cadcom::verdict_fix($v, $denied[0]), qr/Domain Controllers/, 'the fix');
is(Cadcom::verdict_ace($v, $denied[0]), -1, 'no ACE decided the denial');
like(Cadcom::verdict_to_text($v), qr/^CONTOSO\\DC2\$: denied/, 'for people');
like(Cadcom::verdict_to_json($v), qr/"allowed": false/, 'as JSON');
cmp_ok(Cadcom::verdict_note_count($v), '>=', 1, 'notes');

# The template layer from a descriptor (as AD would give it).
my $tpl = Cadcom::sd_from_sddl(
	'O:DAG:DAD:(OA;;CR;0e10c968-78fb-11d2-90d4-00c04f79dc55;;DD)', Cadcom::sid_from_string('S-1-5-21-1-2-3', undef));
Cadcom::verdict_set_template($v, 'DomainController', $tpl, $token, 0);
my ($tl) = grep { Cadcom::verdict_layer($v, $_) == Cadcom::LAYER_TEMPLATE } 0 .. Cadcom::verdict_count($v) - 1;
is(Cadcom::verdict_result($v, $tl), Cadcom::VERDICT_GRANTED, 'Enroll granted to Domain Controllers on the template');

# Event 13, as the event viewer saves it.
my $text = slurp(examples() . '/forest/event13.txt');
my $events = Cadcom::events_parse($text, 'event13.txt');
cmp_ok(Cadcom::events_count($events), '>=', 2, 'events recognised');
is(Cadcom::events_kind($events, 0), Cadcom::EVENT_AUTOENROLL_FAILED, 'AutoEnrollment event 13');
is(Cadcom::events_computer($events, 0), 'DC2', 'logged by DC2');
is(Cadcom::events_status($events, 0), 0x80070005, 'access denied');
is(Cadcom::events_template($events, 0), 'Domain Controller 2003', 'for its template');
my $ev = Cadcom::verdict_for_event($topo, $target, $events, 0);
is(Cadcom::verdict_allowed($ev), 0, 'the event\'s enrollee is denied');
my $utf16 = "\xff\xfe" . join('', map { "$_\0" } split //, $text);
is(Cadcom::events_count(Cadcom::events_parse($utf16, 'event13-utf16.txt')),
   Cadcom::events_count($events), 'UTF-16LE with a BOM as bytes');
my $e = do { local $@; eval { Cadcom::events_parse("nothing here\n", 'x.txt') }; $@ };
is($e->code, Cadcom::EUNSUPPORTED, 'no event: EUNSUPPORTED');

# Scope rules: who may be in CERTSVC_DCOM_ACCESS (a domain local group).
my $env = Cadcom::topology_env($topo);
my $group = Cadcom::principal_new(Cadcom::PRINCIPAL_GROUP, Cadcom::SCOPE_DOMAIN_LOCAL,
	Cadcom::sid_from_string('S-1-5-21-1-2-3-1105', undef), 'contoso.test', 'CONTOSO\CERTSVC_DCOM_ACCESS');
my $fab_dl = Cadcom::principal_new(Cadcom::PRINCIPAL_GROUP, Cadcom::SCOPE_DOMAIN_LOCAL,
	Cadcom::sid_from_string('S-1-5-21-4-5-6-1200', undef), 'fabrikam.test', 'FABRIKAM\X');
my ($may, $why) = Cadcom::scope_may_contain($env, $group, $fab_dl);
is($may, 0, 'a domain local group of another domain may not be a member');
like($why, qr/domain local/, "and why: $why");
my $fab_du = Cadcom::principal_new(Cadcom::PRINCIPAL_GROUP, Cadcom::SCOPE_GLOBAL,
	Cadcom::sid_from_string('S-1-5-21-4-5-6-513', undef), undef, 'FABRIKAM\Domain Users');
is(scalar Cadcom::scope_may_contain($env, $group, $fab_du), 1, 'a global group of the forest may');
is(Cadcom::scope_fsp_dn(Cadcom::sid_from_string('S-1-5-21-7-8-9-513', undef), 'contoso.test'),
   'CN=S-1-5-21-7-8-9-513,CN=ForeignSecurityPrincipals,DC=contoso,DC=test', 'FSP DN');
is(Cadcom::env_trusts($env, 'contoso.test', 'northwind.test'), 1, 'contoso trusts northwind');

# Credentials are made without the network.
my $cred = Cadcom::credentials_new_password('CONTOSO', 'admin', 'secret');
isa_ok($cred, 'Cadcom::Credentials');
is(Cadcom::credentials_is_kerberos($cred), 0, 'NTLM');
is_deeply(Cadcom::remote_options_init(Cadcom::REMOTE_OPTIONS_VERSION),
	  { version => 1, timeout_ms => 0, encryption => 0 }, 'remote options: the defaults as a hash');
my $ad = Cadcom::ad_options_init(Cadcom::AD_OPTIONS_VERSION);
is($ad->{transport}, Cadcom::AD_TRANSPORT_AUTO, 'AD options: transport auto');
ok(exists $ad->{ca_file} && !defined $ad->{ca_file}, 'AD options: no CA file');

done_testing();
