# The Perl examples (examples/perl/*.pl) run against the source tree's
# example forest and say what the library (and the cadcom command, when
# $CADCOM names it, as make check does) says.
use strict;
use warnings;
use Test::More;
use File::Basename qw(dirname);
use File::Temp qw(tempdir);
use Cadcom;
use CadcomTest qw(srcdir examples slurp example_forest);

my $scripts = srcdir() . '/examples/perl';
my $forest = examples() . '/forest';
# The children find Cadcom where this test found it.
my @inc = ('-I' . dirname($INC{'Cadcom.pm'}));
my $cadcom = $ENV{CADCOM} && -x $ENV{CADCOM} ? $ENV{CADCOM} : undef;

# Run a command without a shell; its output (stdout and stderr) and status.
sub run {
	my @cmd = @_;
	my $pid = open(my $fh, '-|') // die "fork: $!";
	if (!$pid) {
		open STDERR, '>&', \*STDOUT or die;
		exec @cmd or die "exec $cmd[0]: $!";
	}
	local $/;
	my $out = <$fh> // '';
	close $fh;
	return ($out, $? >> 8);
}

sub example { run($^X, @inc, "$scripts/$_[0]", @_[1 .. $#_]) }

# audit_ca.pl: the findings as the library's plan text has them.
my ($out, $rc) = example('audit_ca.pl');
is($rc, 1, 'audit_ca.pl: exit 1, enrollees are denied');
like($out, qr/^  error   \[members\] CONTOSO\\CERTSVC_DCOM_ACCESS lacks CONTOSO\\Domain Controllers/m,
     'audit_ca.pl: the seed\'s failure');
my ($topo, $target) = example_forest();
my $text = Cadcom::plan_to_text(Cadcom::plan_compute($topo, $target));
my ($expected) = $text =~ /^(Assumptions:.*?)^Actions/ms;
my ($got) = $out =~ /^(Assumptions:.*?)^The plan has/ms;
is($got, $expected, 'audit_ca.pl: assumptions and findings as plan_to_text writes them');
($out, $rc) = example('audit_ca.pl', "$forest/topology.json", '/nonexistent.json');
is($rc, 2, 'audit_ca.pl: a missing file, exit 2');
like($out, qr{/nonexistent\.json: No such file}, '... named');

# fix_reg.pl: forward.reg and revert.reg.
my $tmp = tempdir('cadcom-perl-examples-XXXXXX', TMPDIR => 1, CLEANUP => 1);
($out, $rc) = example('fix_reg.pl', '--out', $tmp);
is($rc, 0, 'fix_reg.pl: exit 0');
like($out, qr/"SetupStatus"=dword:00000063/, 'fix_reg.pl: shows the forward change');
like($out, qr/add CONTOSO\\Domain Controllers to CONTOSO\\CERTSVC_DCOM_ACCESS/, 'and the group changes it cannot write');
my $forward = slurp("$tmp/forward.reg");
my $revert = slurp("$tmp/revert.reg");
is(substr($forward, 0, 2), "\xff\xfe", 'forward.reg: UTF-16LE with a BOM');
my $parsed = Cadcom::regfile_parse($revert, 'revert.reg');
my ($type, $data) = Cadcom::regfile_entry_value($parsed, 1);
is_deeply([$type, unpack('V', $data)], [Cadcom::REG_DWORD, 0x2063], 'revert.reg restores SetupStatus');
SKIP: {
	skip 'CADCOM does not name the cadcom command', 2 unless $cadcom;
	my $cli = tempdir('cadcom-perl-cli-XXXXXX', TMPDIR => 1, CLEANUP => 1);
	run($cadcom, 'plan', '--topology', "$forest/topology.json", '--target', "json:$forest/before.json",
	    '--reset-flag', '--reg-out', "$cli/forward.reg", '--revert-out', "$cli/revert.reg");
	is($forward, slurp("$cli/forward.reg"), 'forward.reg is the one cadcom plan writes, byte for byte');
	is($revert, slurp("$cli/revert.reg"), 'revert.reg too');
}

# explain_denial.pl: the verdict for CONTOSO\DC2$, and for the events.
($out, $rc) = example('explain_denial.pl');
is($rc, 1, 'explain_denial.pl: exit 1, denied');
like($out, qr/^CONTOSO\\DC2\$: denied\n  DENIED        MachineLaunchRestriction/, 'the denying layer');
like($out, qr/fix: .*Domain Controllers is not in CONTOSO\\CERTSVC_DCOM_ACCESS/, 'and the fix');
my $dir = Cadcom::target_directory($target);
my $token = Cadcom::token_from_directory($dir, Cadcom::directory_lookup_name($dir, 'CONTOSO\DC2$'),
					 Cadcom::LOGON_NETWORK);
is($out, Cadcom::verdict_to_text(Cadcom::verdict_compute($topo, $target, $token, 1)),
   'what verdict_to_text says, line for line');
SKIP: {
	skip 'CADCOM does not name the cadcom command', 1 unless $cadcom;
	my ($why) = run($cadcom, 'why', '--topology', "$forest/topology.json", '--target', "json:$forest/before.json",
			'--enrollee', 'CONTOSO\DC2$');
	is($out, $why, 'and what cadcom why prints');
}
($out, $rc) = example('explain_denial.pl', '--local', 'S-1-5-21-1-2-3-500');
like($out, qr/^\S+: (allowed|denied)$/m, 'explain_denial.pl --local with a SID');
($out, $rc) = example('explain_denial.pl', '--event', "$forest/event13.txt");
is($rc, 1, 'explain_denial.pl --event: exit 1');
like($out, qr/event13\.txt:1: DC2 enrolling for Domain Controller 2003 \(0x80070005\)\nCONTOSO\\DC2\$: denied/,
     'each event explained');
like($out, qr/FABRIKAM\\WS01\$: denied/, 'the fabrikam workstation too');
($out, $rc) = example('explain_denial.pl', 'CONTOSO\nobody');
is($rc, 2, 'an unknown enrollee: exit 2');
like($out, qr/no such name/, '... said');

done_testing();
