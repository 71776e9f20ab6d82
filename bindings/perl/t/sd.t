# Security descriptors: the SDDL round trip, binary descriptors in and out,
# ACEs (borrowed ones come back as copies), editing in canonical order, and
# the DCOM checkbox view.
use strict;
use warnings;
use Test::More;
use Cadcom;

my $canonical = 'O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;WD)(A;;CCDCLCSWRP;;;S-1-5-32-562)';

my $sd = Cadcom::sd_from_sddl($canonical, undef);
isa_ok($sd, 'Cadcom::SD');
is(Cadcom::sd_to_sddl($sd, undef, 0), $canonical, 'canonical SDDL round-trips unchanged');
is(Cadcom::sd_to_sddl(Cadcom::sd_from_sddl('D:(A;;GA;;;S-1-5-32-574)', undef), undef, 0),
   'D:(A;;GA;;;CD)', 'a SID with an alias is written as the alias');
is(Cadcom::sd_to_sddl(Cadcom::sd_from_sddl('D:(A;;GA;;;CD)', undef), undef, Cadcom::WINDOWS_2003),
   'D:(A;;GA;;;S-1-5-32-574)', '... but not for Windows Server 2003');
is(Cadcom::sd_to_sddl(Cadcom::sd_from_sddl('D:(a;;cc;;;wd)', undef), undef, 0),
   'D:(A;;CC;;;WD)', 'what Windows accepts is canonicalised');
ok(Cadcom::sd_control($sd) & Cadcom::SD_DACL_PRESENT, 'control bits');
is(Cadcom::sd_acl_state($sd, Cadcom::DACL), Cadcom::ACL_PRESENT, 'DACL present');
is(Cadcom::sd_acl_state($sd, Cadcom::SACL), Cadcom::ACL_ABSENT, 'SACL absent');

# Binary: Windows' DefaultLaunchPermission is 124 bytes (facts.md section 8).
my $dlp = Cadcom::sd_from_sddl(
	'O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSWRP;;;IU)(A;;CCDCLCSWRP;;;SY)', undef);
my $bytes = Cadcom::sd_to_bytes($dlp);
is(length($bytes), 124, 'self-relative form: 124 bytes');
is(unpack('H8', $bytes), '01000480', 'revision 1, self-relative, DACL present');
ok(!utf8::is_utf8($bytes), 'a byte string');
my $back = Cadcom::sd_from_bytes($bytes);
ok(Cadcom::sd_equal($dlp, $back), 'bytes read back to the same descriptor');
is(Cadcom::sd_to_bytes($back), $bytes, 'and written again byte for byte');
my $upgraded = $bytes;
utf8::upgrade($upgraded);
ok(Cadcom::sd_equal(Cadcom::sd_from_bytes($upgraded), $dlp),
   'an upgraded (UTF-8 flagged) string of the same bytes is the same input');
my $err = do { local $@; eval { Cadcom::sd_from_bytes(substr($bytes, 0, 30)) }; $@ };
isa_ok($err, 'Cadcom::Error', 'truncated descriptor');
is($err->code, Cadcom::EPARSE, '... EPARSE');
cmp_ok($err->offset, '>=', 0, '... with an offset');

# Borrowed owner and ACEs are copies that outlive the descriptor.
my $owner = Cadcom::sd_owner($sd);
my $ace = Cadcom::sd_ace($sd, Cadcom::DACL, 1);
is(Cadcom::sd_ace($sd, Cadcom::DACL, 99), undef, 'no ACE out of range: undef');
undef $sd;
is(Cadcom::sid_to_string($owner), 'S-1-5-32-544', 'owner outlives its descriptor');
is(Cadcom::sid_to_string(Cadcom::ace_sid($ace)), 'S-1-1-0', 'so does an ACE and its trustee');
is(Cadcom::ace_to_sddl($ace, undef, 0), '(A;;CCDCSW;;;WD)', 'ACE in SDDL');
is(Cadcom::ace_type($ace), Cadcom::ACE_ACCESS_ALLOWED, 'ACE type');
is(Cadcom::ace_mask($ace), 0xB, 'ACE mask: CC DC SW');
is(Cadcom::ace_object_type($ace), undef, 'no object type: undef, not an error');

# Editing keeps canonical order.
$sd = Cadcom::sd_from_sddl($canonical, undef);
my $deny = Cadcom::ace_new(Cadcom::ACE_ACCESS_DENIED, 0, 0x1,
			   Cadcom::sid_from_string('AN', undef));
my $index = Cadcom::sd_insert_ace($sd, Cadcom::DACL, $deny);
is($index, 0, 'an explicit deny goes first');
my ($ok, $first_bad) = Cadcom::sd_acl_is_canonical($sd, Cadcom::DACL);
is($ok, 1, 'still canonical');
is(Cadcom::sd_remove_aces($sd, Cadcom::DACL, Cadcom::sid_from_string('AN', undef), -1, 0), 1,
   'remove_aces returns how many');
is(Cadcom::sd_to_sddl($sd, undef, 0), $canonical, 'back to the original');
Cadcom::sd_set_owner($sd, undef);
is(Cadcom::sd_owner($sd), undef, 'owner removed');

# DCOM: checkboxes.
my $launch = Cadcom::sd_from_sddl('O:BAG:BAD:(A;;CCDCSW;;;WD)', undef);
my ($allowed, $denied) = Cadcom::com_query($launch, Cadcom::COM_LAUNCH,
					    Cadcom::sid_from_string('WD', undef));
is($allowed, Cadcom::COM_LOCAL_LAUNCH | Cadcom::COM_LOCAL_ACTIVATION, 'com_query: local launch');
is($denied, 0, 'nothing denied');
is(Cadcom::com_grant($launch, Cadcom::COM_LAUNCH, Cadcom::sid_from_string('CD', undef),
		     Cadcom::COM_REMOTE_ACTIVATION | Cadcom::COM_LOCAL_ACTIVATION), 1, 'com_grant changed it');
like(Cadcom::sd_to_sddl($launch, undef, 0), qr/\(A;;CCDCSW;;;CD\)|;;;CD\)/, 'CD granted');
is(Cadcom::com_sd_form($launch), Cadcom::COM_FORM_NEW, 'new form');
my $mask = Cadcom::com_mask(Cadcom::COM_LAUNCH, Cadcom::COM_REMOTE_ACTIVATION);
is($mask, Cadcom::COM_RIGHTS_EXECUTE | Cadcom::COM_RIGHTS_ACTIVATE_REMOTE, 'com_mask');

# The access check with its trace.
my $token = Cadcom::token_from_string('S-1-5-21-1-2-3-1000,WD', undef);
my $res = Cadcom::access_check($dlp, $token, Cadcom::ACCESS_READ_CONTROL, undef);
is(Cadcom::access_result_allowed($res), 0, 'Everyone is not in DefaultLaunchPermission');
my ($reason, $ace_index) = Cadcom::access_result_decision($res, Cadcom::ACCESS_READ_CONTROL);
is($reason, Cadcom::REASON_NO_ACE, 'denied: no ACE granted it');
is($ace_index, -1, 'no deciding ACE');
like(Cadcom::access_result_explain($res, $dlp, undef, 0), qr/no ACE grants it/, 'the trace explained');

done_testing();
