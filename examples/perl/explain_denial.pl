#!/usr/bin/perl
# explain_denial.pl — why is this enrollee denied?  Every layer it crosses
# to enrol (machine launch restriction, CertSrv Request's launch permission,
# machine access restriction, access permission, the CA's own Security),
# granted or denied, with the deciding ACE and the fix (what `cadcom why`
# and `cadcom diagnose` print), with the Perl binding of libcadcom.
#
#   perl -I_build/default/bindings/perl examples/perl/explain_denial.pl \
#        [--local] [--topology FILE] [--target SNAPSHOT] [ENROLLEE | --event FILE]
#
# ENROLLEE is a name in the target's directory (CONTOSO\DC2$) or a SID;
# default CONTOSO\DC2$, the seed's failing domain controller.  --event
# explains each AutoEnrollment event 13 of FILE (examples/forest/event13.txt)
# instead.  Defaults: the example forest beside this script.
# Exit status: 0 allowed, 1 denied, 2 an input error.
use strict;
use warnings;
use File::Basename qw(dirname);
use Getopt::Long qw(GetOptions);
use Cadcom;

binmode STDOUT, ':encoding(UTF-8)';
binmode STDERR, ':encoding(UTF-8)';

my $forest = ($ENV{EXAMPLES} || dirname(__FILE__) . '/..') . '/forest';
my ($topology_file, $snapshot_file, $local, $event_file) =
	("$forest/topology.json", "$forest/before.json", 0, undef);
GetOptions('topology=s' => \$topology_file, 'target=s' => \$snapshot_file,
	   'local' => \$local, 'event=s' => \$event_file)
	or die "usage: explain_denial.pl [--local] [--topology F] [--target F] [ENROLLEE | --event FILE]\n";
my $enrollee = shift // 'CONTOSO\DC2$';

my %result = (Cadcom::VERDICT_GRANTED => 'granted', Cadcom::VERDICT_DENIED => 'DENIED',
	      Cadcom::VERDICT_NOT_EVALUATED => 'not evaluated');

sub slurp {
	my ($path) = @_;
	open my $fh, '<:raw', $path or die "explain_denial.pl: $path: $!\n";
	local $/;
	return scalar <$fh>;
}

# One verdict, layer by layer.
sub show {
	my ($v) = @_;
	printf "%s: %s\n", Cadcom::verdict_enrollee($v), Cadcom::verdict_allowed($v) ? 'allowed' : 'denied';
	for my $i (0 .. Cadcom::verdict_count($v) - 1) {
		printf "  %-13s %s\n", $result{Cadcom::verdict_result($v, $i)}, Cadcom::verdict_text($v, $i);
		my $fix = Cadcom::verdict_fix($v, $i);
		print "                fix: $fix\n" if defined $fix;
	}
	print "  note: ", Cadcom::verdict_note($v, $_), "\n" for 0 .. Cadcom::verdict_note_count($v) - 1;
	return Cadcom::verdict_allowed($v);
}

my $status = eval {
	my $topo = Cadcom::topology_from_json(slurp($topology_file), $topology_file);
	my $target = Cadcom::target_open_snapshot(slurp($snapshot_file), $snapshot_file);
	if (defined $event_file) {
		my $events = Cadcom::events_parse(slurp($event_file), $event_file);
		my $denied = 0;
		for my $i (0 .. Cadcom::events_count($events) - 1) {
			printf "%s:%d: %s enrolling for %s (0x%08x)\n", $event_file, Cadcom::events_line($events, $i),
				Cadcom::events_computer($events, $i) // '?', Cadcom::events_template($events, $i) // '?',
				Cadcom::events_status($events, $i);
			my $v = eval { Cadcom::verdict_for_event($topo, $target, $events, $i) };
			if (!$v) {
				die $@ unless ref $@;
				print "  ", $@->message, "\n";	# not in the directory, or no enrollee named
				$denied = 1;
				next;
			}
			$denied = 1 unless show($v);
		}
		return $denied;
	}
	my $dir = Cadcom::target_directory($target);
	my $sid = eval { Cadcom::directory_lookup_name($dir, $enrollee) }
		// eval { Cadcom::sid_from_string($enrollee, undef) }
		// die "explain_denial.pl: $enrollee: no such name in the target's directory, nor a SID\n";
	my $token = Cadcom::token_from_directory($dir, $sid, Cadcom::LOGON_NETWORK);
	my $v = Cadcom::verdict_compute($topo, $target, $token, $local ? 0 : 1);
	return show($v) ? 0 : 1;
};
if (!defined $status) {
	my $e = $@;
	print STDERR ref $e ? 'explain_denial.pl: ' . $e->message . "\n" : $e;
	exit 2;
}
exit $status;
