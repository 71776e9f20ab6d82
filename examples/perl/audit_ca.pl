#!/usr/bin/perl
# audit_ca.pl — what is wrong with a CA's DCOM security, layer by layer
# (what `cadcom audit` prints), with the Perl binding of libcadcom.
#
#   perl -I_build/default/bindings/perl examples/perl/audit_ca.pl \
#        [TOPOLOGY.json [SNAPSHOT.json]]
#
# Defaults: the example forest beside this script (examples/forest:
# topology.json, and before.json, the CA's state with the seed's failures).
# The findings are printed as `cadcom audit` prints them.
# Exit status: 0 nothing denies enrollees, 1 it does, 2 an input error.
use strict;
use warnings;
use File::Basename qw(dirname);
use Cadcom;

binmode STDOUT, ':encoding(UTF-8)';
binmode STDERR, ':encoding(UTF-8)';

my $forest = ($ENV{EXAMPLES} || dirname(__FILE__) . '/..') . '/forest';
my $topology_file = shift // "$forest/topology.json";
my $snapshot_file = shift // "$forest/before.json";

my %severity = (Cadcom::SEVERITY_INFO => 'info', Cadcom::SEVERITY_WARNING => 'warning',
		Cadcom::SEVERITY_ERROR => 'error');
my %layer = (
	Cadcom::LAYER_MACHINE_LAUNCH => 'machine launch restriction',
	Cadcom::LAYER_MACHINE_ACCESS => 'machine access restriction',
	Cadcom::LAYER_APP_LAUNCH => 'CertSrv Request launch permission',
	Cadcom::LAYER_APP_ACCESS => 'CertSrv Request access permission',
	Cadcom::LAYER_GROUP => 'group',
	Cadcom::LAYER_MEMBERS => 'members',
	Cadcom::LAYER_CA => 'CertSvc',
	Cadcom::LAYER_CA_SECURITY => 'CA security',
	Cadcom::LAYER_TEMPLATE => 'certificate template',
);

sub slurp {
	my ($path) = @_;
	open my $fh, '<:raw', $path or die "audit_ca.pl: $path: $!\n";
	local $/;
	return scalar <$fh>;
}

my $plan = eval {
	my $topo = Cadcom::topology_from_json(slurp($topology_file), $topology_file);
	my $target = Cadcom::target_open_snapshot(slurp($snapshot_file), $snapshot_file);
	Cadcom::plan_check_ca($target);
	Cadcom::plan_compute($topo, $target);
};
if (!$plan) {
	# A Cadcom::Error names the file and the line; others are ours.
	my $e = $@;
	print STDERR ref $e ? 'audit_ca.pl: ' . $e->message . "\n" : $e;
	exit 2;
}

print "CA ", $topology_file =~ s{.*/}{}r, " against ", $snapshot_file =~ s{.*/}{}r, "\n";
my $n_assumptions = Cadcom::plan_assumption_count($plan);
if ($n_assumptions) {
	print "Assumptions:\n";
	print "  - ", Cadcom::plan_assumption($plan, $_), "\n" for 0 .. $n_assumptions - 1;
}
my $n = Cadcom::plan_finding_count($plan);
print "Findings ($n):\n";
for my $i (0 .. $n - 1) {
	printf "  %-7s [%s] %s\n", $severity{Cadcom::plan_finding_severity($plan, $i)},
		$layer{Cadcom::plan_finding_layer($plan, $i)} // 'other', Cadcom::plan_finding_text($plan, $i);
	my $evidence = Cadcom::plan_finding_evidence($plan, $i);
	my $fix = Cadcom::plan_finding_fix($plan, $i);
	print "          now: $evidence\n" if defined $evidence;
	print "          fix: $fix\n" if defined $fix;
}
my $actions = Cadcom::plan_action_count($plan);
print "The plan has $actions action", ($actions == 1 ? '' : 's'),
	" (examples/perl/fix_reg.pl writes its registry part as .reg files).\n";
exit(Cadcom::plan_worst($plan) >= Cadcom::SEVERITY_ERROR ? 1 : 0);
