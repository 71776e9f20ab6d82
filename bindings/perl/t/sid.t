# SIDs: parsing (strings, aliases, domain-relative aliases), formatting,
# the binary form, parts, comparisons, well-known names.
use strict;
use warnings;
use Test::More;
use Cadcom;

my $cd = Cadcom::sid_from_string('CD', undef);
isa_ok($cd, 'Cadcom::Sid', 'an alias parses to a SID object');
is(Cadcom::sid_to_string($cd), 'S-1-5-32-574', 'CD is Certificate Service DCOM Access');
is(Cadcom::sid_name($cd), 'Certificate Service DCOM Access', 'its English name');
is(Cadcom::sid_alias($cd, undef, Cadcom::WINDOWS_LATEST), 'CD', 'alias on a recent Windows');
is(Cadcom::sid_alias($cd, undef, Cadcom::WINDOWS_2003), undef,
   'no alias before 2008 R2: undef');
is(Cadcom::sid_authority($cd), 5, 'authority');
is(Cadcom::sid_subauth_count($cd), 2, 'two sub-authorities');
is(Cadcom::sid_subauth($cd, 0), 32, 'first sub-authority');
is(Cadcom::sid_rid($cd), 574, 'RID');

my $made = Cadcom::sid_new(5, [32, 574]);
ok(Cadcom::sid_equal($made, $cd), 'sid_new from an array reference');
my $ba = Cadcom::sid_from_string('S-1-5-32-544', undef);
cmp_ok(Cadcom::sid_compare($ba, $cd), '<', 0, 'a negative comparison is a value, not an error');
is(Cadcom::sid_compare($cd, $made), 0, 'equal SIDs compare 0');

# Domain-relative aliases need the domain SID.
my $domain = Cadcom::sid_from_string('S-1-5-21-1-2-3', undef);
my $du = Cadcom::sid_from_string('DU', $domain);
is(Cadcom::sid_to_string($du), 'S-1-5-21-1-2-3-513', 'DU relative to a domain');
ok(Cadcom::sid_in_domain($du, $domain), 'in that domain');
is(Cadcom::sid_alias($du, $domain, 0), 'DU', 'written back as DU with the domain');
my $err = do { local $@; eval { Cadcom::sid_from_string('DU', undef) }; $@ };
isa_ok($err, 'Cadcom::Error', 'DU without a domain');
is($err->code, Cadcom::ENEEDDOMAIN, '... ENEEDDOMAIN');

# Binary form: bytes in, bytes out.
my $bytes = Cadcom::sid_to_bytes($du);
is(length($bytes), 8 + 4 * 5, '8 + 4n bytes');
is(unpack('H*', substr($bytes, 0, 8)), '0105000000000005', 'revision, count, authority');
ok(!utf8::is_utf8($bytes), 'a byte string');
my ($back, $used) = Cadcom::sid_from_bytes($bytes . "trailing");
ok(Cadcom::sid_equal($back, $du), 'read back from bytes');
is($used, length($bytes), 'consumed reports the bytes used, trailing bytes allowed');
my $scalar = Cadcom::sid_from_bytes($bytes);
isa_ok($scalar, 'Cadcom::Sid', 'scalar context gets the first result');
$err = do { local $@; eval { Cadcom::sid_from_bytes(substr($bytes, 0, 5)) }; $@ };
is($err->code, Cadcom::EPARSE, 'truncated bytes: EPARSE');

# Copies are independent objects.
my $dup = Cadcom::sid_dup($du);
undef $du;
is(Cadcom::sid_to_string($dup), 'S-1-5-21-1-2-3-513', 'a duplicate outlives its original');

is(Cadcom::windows_from_string('2008r2'), Cadcom::WINDOWS_2008R2, 'windows_from_string');
$err = do { local $@; eval { Cadcom::windows_from_string('Vista') }; $@ };
is($err->code, Cadcom::EINVAL, 'unknown Windows release: EINVAL');

done_testing();
