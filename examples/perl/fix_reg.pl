#!/usr/bin/perl
# fix_reg.pl — the plan that fixes a CA, as .reg files for a Windows
# administrator: forward.reg makes the registry changes, revert.reg undoes
# them (what `cadcom plan --reg-out --revert-out` writes), with the Perl
# binding of libcadcom.
#
#   perl -I_build/default/bindings/perl examples/perl/fix_reg.pl \
#        [--out DIR] [--no-reset-flag] [TOPOLOGY.json [SNAPSHOT.json]]
#
# Defaults: the example forest beside this script and the current
# directory.  The plan includes KB 903220's SetupStatus reset (so that
# CertSvc re-applies its DCOM defaults when restarted) unless
# --no-reset-flag.  Group changes cannot be written in a .reg file: they
# are listed, to be made with `cadcom apply` or by hand.
# Exit status: 0 files written, 2 an input or output error.
use strict;
use warnings;
use File::Basename qw(dirname);
use Getopt::Long qw(GetOptions);
use Cadcom;

binmode STDOUT, ':encoding(UTF-8)';
binmode STDERR, ':encoding(UTF-8)';

my ($out, $reset) = ('.', 1);
GetOptions('out=s' => \$out, 'reset-flag!' => \$reset)
	or die "usage: fix_reg.pl [--out DIR] [--no-reset-flag] [TOPOLOGY.json [SNAPSHOT.json]]\n";
my $forest = ($ENV{EXAMPLES} || dirname(__FILE__) . '/..') . '/forest';
my $topology_file = shift // "$forest/topology.json";
my $snapshot_file = shift // "$forest/before.json";

sub slurp {
	my ($path) = @_;
	open my $fh, '<:raw', $path or die "fix_reg.pl: $path: $!\n";
	local $/;
	return scalar <$fh>;
}

sub spew {
	my ($path, $bytes) = @_;
	open my $fh, '>:raw', $path or die "fix_reg.pl: $path: $!\n";
	print $fh $bytes;
	close $fh or die "fix_reg.pl: $path: $!\n";
}

my ($plan, $forward, $revert) = eval {
	my $topo = Cadcom::topology_from_json(slurp($topology_file), $topology_file);
	my $target = Cadcom::target_open_snapshot(slurp($snapshot_file), $snapshot_file);
	my $p = Cadcom::plan_compute($topo, $target);
	Cadcom::plan_reset_setup_flag($p, $topo, $target) if $reset;
	($p, Cadcom::plan_regfiles($p));
};
if (!$plan) {
	my $e = $@;
	print STDERR ref $e ? 'fix_reg.pl: ' . $e->message . "\n" : $e;
	exit 2;
}

# regedit's own form: UTF-16LE with a BOM and CRLF.
my $ok = eval {
	spew("$out/forward.reg", Cadcom::regfile_to_bytes($forward));
	spew("$out/revert.reg", Cadcom::regfile_to_bytes($revert));
	1;
};
if (!$ok) {
	print STDERR $@;
	exit 2;
}

my @by_hand;
my $registry_actions = 0;
for my $i (0 .. Cadcom::plan_action_count($plan) - 1) {
	if (Cadcom::plan_action_kind($plan, $i) == Cadcom::ACTION_SET_VALUE) {
		$registry_actions++;
	} else {
		push @by_hand, Cadcom::plan_action_text($plan, $i);
	}
}
print "$out/forward.reg ($registry_actions registry change", ($registry_actions == 1 ? '' : 's'), "):\n";
print map { "  $_\n" } split /\r?\n/, Cadcom::regfile_to_text($forward);
print "$out/revert.reg:\n";
print map { "  $_\n" } split /\r?\n/, Cadcom::regfile_to_text($revert);
if (@by_hand) {
	print "Not in the .reg files (group changes; cadcom apply makes them):\n";
	print "  - $_\n" for @by_hand;
}
exit 0;
