# The whole public API is wrapped: every function of include/cadcom/*.h is
# in Cadcom:: unless cadcom.i leaves it out on purpose (%ignore, with its
# reason there); every int function is either a status (dies) or a value;
# and no function crashes on undef objects or empty inputs.
use strict;
use warnings;
use Test::More;
use POSIX ();
use Cadcom;
use CadcomTest qw(srcdir slurp);

my $src = srcdir();
my $iface = slurp("$src/bindings/perl/cadcom.i");

# Prototypes of the headers: "CADCOM_EXTERN <type> cadcom_name(".
my %returns;
for my $h (glob "$src/include/cadcom/*.h") {
	my $text = slurp($h);
	$text =~ s{/\*.*?\*/}{}gs;
	while ($text =~ /CADCOM_EXTERN\s+([^;(]*?)\b(cadcom_\w+)\s*\(/g) {
		my ($type, $name) = ($1, $2);
		$type =~ s/\s+/ /g;
		$type =~ s/^\s+|\s+$//g;
		$returns{$name} = $type;
	}
}
cmp_ok(scalar keys %returns, '>', 300, scalar(keys %returns) . ' functions in the public headers');

my %ignored = map { $_ => 1 } $iface =~ /^%ignore (cadcom_\w+);/mg;
my @missing = grep { !$ignored{$_} && !defined &{'Cadcom::' . substr($_, 7)} } sort keys %returns;
is_deeply(\@missing, [], 'every function not ignored on purpose is wrapped');
my %structs = map { $_ => 1 } map { /typedef struct (cadcom_\w+) \{/g } map { slurp($_) } glob "$src/include/cadcom/*.h";
my @stale = grep { !exists $returns{$_} && !$structs{$_} } sort keys %ignored;
is_deeply(\@stale, [], 'every %ignore names a function (or an option struct) of the headers');
ok(!defined &Cadcom::free && !defined &Cadcom::sd_free, 'the free functions are not exposed');

# int functions: status (dies) or value.
my %fallible = map { $_ => 1 } $iface =~ /^CADCOM_FALLIBLE\(\w+, (cadcom_\w+)\)/mg;
my ($values) = $iface =~ /VALUES:(.*?):VALUES/s;
my %value = map { $_ => 1 } $values =~ /(cadcom_\w+)/g;
my @unclassified = grep { $returns{$_} eq 'int' && !$fallible{$_} && !$value{$_} } sort keys %returns;
is_deeply(\@unclassified, [], 'every int function is listed as fallible or as a value');
my @both = grep { $fallible{$_} && $value{$_} } sort keys %fallible;
is_deeply(\@both, [], 'none is both');
my @unknown = grep { !exists $returns{$_} } sort(keys %fallible, keys %value);
is_deeply(\@unknown, [], 'the lists name functions of the headers');

# Constants, as subs and as variables.
is(Cadcom::EPARSE, -3, 'Cadcom::EPARSE');
is($Cadcom::EPARSE, -3, '$Cadcom::EPARSE');
is(Cadcom::ACCESS_GENERIC_READ, 0x80000000, 'an unsigned #define');
is(Cadcom::CERTSRV_REQUEST_APPID, '{D99E6E74-FC88-11D0-B498-00A0C90312F3}', 'a string #define');
is(Cadcom::VERSION_STRING, Cadcom::version(), 'compiled and linked versions agree');
is($Cadcom::VERSION, Cadcom::VERSION_STRING, '$Cadcom::VERSION');
is(Cadcom::version_number(), Cadcom::VERSION_NUMBER, 'version_number');

# No crash: each function with undef for objects and strings, 0 for
# numbers, "" for bytes, [] for arrays, each call in its own process.
my @funcs = sort grep { /^[a-z]/ && defined &{"Cadcomc::$_"} && !/^(?:delete_|bootstrap|dl_)/ } keys %Cadcomc::;
my @crashed;
for my $f (@funcs) {
	my $code = \&{"Cadcomc::$f"};
	my @args;
	if (!eval { $code->(); 1 } && $@ =~ /Usage: \w+\(([^)]*)\)/) {
		@args = map { undef } grep { length } split /,/, $1;
	}
	for (1 .. 12) {
		my $pid = fork;
		die "fork: $!" unless defined $pid;
		if (!$pid) {
			local $SIG{__WARN__} = sub { };
			eval { my @r = $code->(@args) };
			my $err = "$@";
			POSIX::_exit(100 + $1) if $err =~ /argument (\d+) \(\w+\) must be (?:an integer|a non-negative)/;
			POSIX::_exit(120 + $1) if $err =~ /argument (\d+) \(\w+\) must be a byte string/;
			POSIX::_exit(140 + $1) if $err =~ /argument (\d+) \(\w+\) must be an array/;
			POSIX::_exit(0);
		}
		waitpid $pid, 0;
		if ($? & 127) {
			push @crashed, "$f (signal " . ($? & 127) . ')';
			last;
		}
		my $rc = $? >> 8;
		if ($rc >= 140) { $args[$rc - 141] = [] }
		elsif ($rc >= 120) { $args[$rc - 121] = '' }
		elsif ($rc >= 100) { $args[$rc - 101] = 0 }
		else { last }
	}
}
cmp_ok(scalar @funcs, '>', 290, scalar(@funcs) . ' functions called with undef and empty arguments');
is_deeply(\@crashed, [], 'none crashed');

done_testing();
