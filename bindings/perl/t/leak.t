# Objects, strings and errors are freed: create/free cycles of a
# descriptor (with its bytes, its SDDL and a borrowed owner), a plan of the
# example (with a finding's text and an action's group) and a caught error
# must not grow the resident set (/proc/self/statm) by 1 MiB per 100,000
# cycles (20,000 here, with the bound scaled; bench/leak.pl runs 100,000).
use strict;
use warnings;
use Test::More;
use Cadcom;
use CadcomTest qw(example_forest rss_kib);

plan skip_all => 'needs /proc/self/statm' unless defined rss_kib();

my $cycles = $ENV{CADCOM_LEAK_CYCLES} || 20_000;	# bench/leak.pl: 100,000
my $bound_kib = 1024 * $cycles / 100_000;
my ($topo, $target) = example_forest();
my $sddl = 'O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;WD)(A;;CCDCLCSWRP;;;S-1-5-32-562)';

my %cycle = (
	descriptor => sub {
		my $sd = Cadcom::sd_from_sddl($sddl, undef);
		my $bytes = Cadcom::sd_to_bytes($sd);
		my $back = Cadcom::sd_from_bytes($bytes);
		my $text = Cadcom::sd_to_sddl($back, undef, 0);
		my $owner = Cadcom::sd_owner($sd);
		die "round trip" unless $text eq $sddl;
	},
	plan => sub {
		my $plan = Cadcom::plan_compute($topo, $target);
		my $text = Cadcom::plan_finding_text($plan, 0);
		my $group = Cadcom::plan_action_group($plan, 0);
	},
	error => sub {
		eval { Cadcom::sd_from_sddl('D:(Antlers;;GA;;;SY)', undef) };
		die "no error" unless $@->code == Cadcom::EPARSE;
	},
);

# Under valgrind (tests/valgrind.sh) memcheck itself reports what a cycle
# loses, and the resident set is valgrind's: a few cycles, no bound.
if ($ENV{CADCOM_UNDER_VALGRIND}) {
	for my $what (qw(descriptor plan error)) {
		$cycle{$what}->() for 1 .. 50;
		pass("50 $what cycles under valgrind");
	}
	done_testing();
	exit 0;
}

for my $what (qw(descriptor plan error)) {
	my $body = $cycle{$what};
	$body->() for 1 .. 2_000;	# warm up: arenas, caches
	my $before = rss_kib();
	$body->() for 1 .. $cycles;
	my $grown = rss_kib() - $before;
	cmp_ok($grown, '<', $bound_kib, "$cycles $what cycles grow RSS by $grown KiB (bound $bound_kib KiB)");
}

done_testing();
