# Failures: status functions die with a Cadcom::Error carrying the library's
# message, code and offset; wrong argument types are refused by the binding
# before the library is called, with a message naming the argument.
use strict;
use warnings;
use Test::More;
use Cadcom;

sub error_of (&) {
	my ($code) = @_;
	local $@;
	return eval { $code->(); 1 } ? undef : $@;
}

# ---- the library's errors ----------------------------------------------
my $line = __LINE__ + 1;
my $e = error_of { Cadcom::sd_from_sddl('D:(Antlers;;GA;;;SY)', undef) };
isa_ok($e, 'Cadcom::Error', 'a failed parse dies with');
is($e->message, 'SDDL: unknown ACE type "Antlers" at offset 3', 'message: the library\'s');
is($e->code, Cadcom::EPARSE, 'code: EPARSE');
is($e->offset, 3, 'offset: 3');
is($e->name, Cadcom::error_name(Cadcom::EPARSE), 'name');
is($e->line, $line, 'line: the caller\'s');
like($e->file, qr/errors\.t$/, 'file: the caller\'s');
like("$e", qr/^SDDL: unknown ACE type "Antlers" at offset 3 at \S*errors\.t line $line\.\n\z/,
     'stringifies like die');
ok($e ? 1 : 0, 'true in boolean context');

# Uncaught, the script dies with the message on STDERR.
my $out = qx{$^X @{[map { "-I$_" } grep { !ref } @INC]} -MCadcom -e "Cadcom::sd_from_sddl(q(D:(A;;GA;;;XX)), undef)" 2>&1};
isnt($? >> 8, 0, 'an uncaught error ends the script');
like($out, qr/SDDL: .*XX.* at -e line 1\./, '... with the library\'s message');

# The last error, as in C.
my $last = Cadcom::error_last();
isa_ok($last, 'Cadcom::LastError', 'error_last');
is(Cadcom::error_code($last), Cadcom::EPARSE, 'error_code');
like(Cadcom::error_message($last), qr/^SDDL: /, 'error_message');
is(Cadcom::error_offset($last), 3, 'error_offset');
Cadcom::error_clear();
is(Cadcom::error_last(), undef, 'error_clear: none left');

# Other codes and a file-named message.
$e = error_of { Cadcom::sd_from_sddl('D:(A;;GA;;;DU)', undef) };
is($e->code, Cadcom::ENEEDDOMAIN, 'a domain alias without the domain: ENEEDDOMAIN');
$e = error_of { Cadcom::topology_from_json('{"format": "cadcom-topology-1", "ca": 7}', 'mine.json') };
is($e->code, Cadcom::EPARSE, 'a bad topology: EPARSE');
like($e->message, qr/^mine\.json:\d+:/, 'the message names the source and the line');
$e = error_of { Cadcom::plan_from_json("{\n  oops", 'plan.json') };
is($e->code, Cadcom::EPARSE, 'malformed JSON: EPARSE');
cmp_ok($e->offset, '>', 0, 'with its byte offset');
$e = error_of { Cadcom::apply_options_init(99) };
is($e->code, Cadcom::EINVAL, 'an unknown options version: EINVAL');
like($e->message, qr/version 99/, 'named');
# A value-or-error function dies the same way.
$e = error_of { Cadcom::regfile_entry_op(Cadcom::regfile_new(), 5) };
is($e->code, Cadcom::ENOTFOUND, 'value or error: ENOTFOUND dies');

# Errors inside nested evals and after successful calls do not leak.
ok(!defined error_of { Cadcom::sd_from_sddl('D:(A;;GA;;;SY)', undef) }, 'a success after failures');

# ---- refused arguments ----------------------------------------------------
my $sid = Cadcom::sid_from_string('BA', undef);
my $sd = Cadcom::sd_from_sddl('D:(A;;GA;;;SY)', undef);

$e = error_of { Cadcom::sd_to_sddl($sid, undef, 0) };
ok(!ref $e, 'wrong class: a plain string error');
like($e, qr/^TypeError in Cadcom::sd_to_sddl: argument 1 \(sd\) must be a Cadcom::SD object or undef, not a Cadcom::Sid object at /,
     'wrong object class refused, named');
like(error_of { Cadcom::sd_to_sddl('O:BA', undef, 0) }, qr/argument 1 \(sd\) .* not a string/, 'a string for an object');
like(error_of { Cadcom::sd_to_sddl({}, undef, 0) }, qr/argument 1 \(sd\) .* not a HASH reference/, 'a hash for an object');
like(error_of { Cadcom::sd_to_sddl(bless({}, 'Cadcom::SD'), undef, 0) }, qr/argument 1 \(sd\)/,
     'a forged object');
like(error_of { Cadcom::sd_to_sddl($sd, $sd, 0) }, qr/argument 2 \(domain\) must be a Cadcom::Sid/,
     'second argument');
like(error_of { Cadcom::sd_to_sddl($sd, undef, 'latest') },
     qr/^TypeError in Cadcom::sd_to_sddl: argument 3 \(windows\) must be an integer \(int\), not a string/,
     'a string for an integer');
like(error_of { Cadcom::sd_to_sddl($sd, undef, 1.5) }, qr/argument 3 \(windows\) must be an integer/, 'a fraction');
like(error_of { Cadcom::ace_new(0, 256, 1, $sid) }, qr/^OverflowError in Cadcom::ace_new: argument 2 \(flags\) must be an integer from 0 to 255/,
     'out of range for uint8_t');
like(error_of { Cadcom::sid_subauth($sid, -1) }, qr/^OverflowError.*argument 2 \(i\)/, 'negative size_t');
like(error_of { Cadcom::sid_from_string(['S-1-1-0'], undef) }, qr/argument 1 \(str\) must be a string or undef, not an ARRAY reference/,
     'a reference for a string');
like(error_of { Cadcom::sid_from_string("S-1-1-0\0junk", undef) }, qr/^ValueError.*argument 1 \(str\) holds a NUL/,
     'an embedded NUL');
like(error_of { Cadcom::sd_from_bytes(undef) }, qr/argument 1 \(buf\) must be a byte string, not undef/, 'undef for bytes');
like(error_of { Cadcom::sd_from_bytes("\x{263a}") }, qr/^ValueError.*argument 1 \(buf\) must be a byte string: it holds a character above 255/,
     'wide characters for bytes');
like(error_of { Cadcom::sid_new(5, 'x') }, qr/argument 2 \(subauth\) must be an array reference/, 'a string for an array');
like(error_of { Cadcom::sid_new(5, [1, 'two']) }, qr/argument 2 \(subauth\) must hold integers/, 'a bad element');
like(error_of { Cadcom::sd_to_sddl($sd) }, qr/Usage: sd_to_sddl\(sd,domain,windows\);/, 'too few arguments');
like(error_of { Cadcom::sid_rid($sid, 1) }, qr/Usage: sid_rid\(sid\);/, 'too many arguments');
like(error_of { Cadcom::plan_apply(undef, undef, []) }, qr/argument 3 \(opts\) must be a hash reference of apply options or undef, not an ARRAY reference/,
     'options: not a hash');
like(error_of { Cadcom::plan_apply(undef, undef, { backup => '/tmp' }) },
     qr/^ValueError in Cadcom::plan_apply: argument 3 \(opts\): unknown apply option 'backup' \(known: version, flags, backup_dir/,
     'options: an unknown key');
like(error_of { Cadcom::plan_apply(undef, undef, { flags => 'dry' }) }, qr/apply option 'flags' must be an unsigned integer, not a string/,
     'options: a bad value');
like(error_of { Cadcom::plan_apply(undef, undef, { progress => 1 }) }, qr/apply option 'progress' must be a code reference/,
     'options: a callback that is not code');
like(error_of { Cadcom::target_open_remote('h', undef, { encryption => 'yes' }) }, qr/remote option 'encryption' must be an integer/,
     'remote options');
# undef where the library needs an object: the library refuses it (EINVAL).
$e = error_of { Cadcom::sd_to_sddl(undef, undef, 0) };
isa_ok($e, 'Cadcom::Error', 'undef for a required object');
is($e->code, Cadcom::EINVAL, '... EINVAL from the library');

# Numbers as strings and strings as numbers, the Perl way.
is(Cadcom::sd_to_sddl($sd, undef, '0'), 'D:(A;;GA;;;SY)', 'a numeric string is a number');
is(Cadcom::sid_to_string(Cadcom::sid_new('5', [32, '544'])), 'S-1-5-32-544', 'numeric strings in arrays');
is(Cadcom::windows_from_string(2008), Cadcom::WINDOWS_2008, 'a number is a string');

done_testing();
