# Apply and rollback (apply.h) on a copy of the example's snapshot in a
# temporary directory, as `cadcom apply --target json:FILE` does: the
# target lives in memory and its snapshot is written back to the file.
use strict;
use warnings;
use Test::More;
use File::Temp qw(tempdir);
use File::Copy qw(copy);
use Cadcom;
use CadcomTest qw(examples slurp);

my $tmp = tempdir('cadcom-perl-apply-XXXXXX', TMPDIR => 1, CLEANUP => 1);
my $file = "$tmp/before.json";
copy(examples() . '/forest/before.json', $file) or die "copy: $!";
my $topo = Cadcom::topology_from_json(slurp(examples() . '/forest/topology.json'), 'topology.json');

sub open_file { Cadcom::target_open_snapshot(slurp($file), $file) }
sub save_file {
	my ($t) = @_;
	open my $fh, '>:raw', $file or die "$file: $!";
	print $fh Cadcom::target_snapshot($t);
	close $fh or die "$file: $!";
}
sub setup_status {
	my ($t) = @_;
	my (undef, $v) = Cadcom::registry_get(Cadcom::target_registry($t),
		'HKLM\SYSTEM\CurrentControlSet\Services\CertSvc\Configuration\Contoso Issuing CA', 'SetupStatus');
	return unpack 'V', $v;
}

my $target = open_file();
my $orig = Cadcom::target_snapshot($target);
my $plan = Cadcom::plan_compute($topo, $target);
Cadcom::plan_reset_setup_flag($plan, $topo, $target);
my $n = Cadcom::plan_action_count($plan);
cmp_ok($n, '>=', 4, "a plan of $n actions");
is(setup_status($target), 0x2063, 'SetupStatus before');

# A dry run writes nothing and needs no backup.
my $dry = Cadcom::plan_apply($plan, $target, { flags => Cadcom::APPLY_DRY_RUN });
is(Cadcom::apply_outcome($dry), Cadcom::OUTCOME_DRY_RUN, 'dry run');
is(Cadcom::target_snapshot($target), $orig, 'nothing written');

# The apply, with a progress callback.
my @progress;
my $report = Cadcom::plan_apply($plan, $target, {
	backup_dir => "$tmp/fix-1",
	progress => sub { push @progress, [@_] },
});
isa_ok($report, 'Cadcom::Apply');
is(Cadcom::apply_outcome($report), Cadcom::OUTCOME_APPLIED, 'applied');
is(Cadcom::apply_outcome_name(Cadcom::apply_outcome($report)), 'applied', 'outcome name');
is(Cadcom::apply_step_count($report), $n, 'one step per action');
is_deeply([map { Cadcom::apply_step_state($report, $_) } 0 .. $n - 1],
	  [(Cadcom::STEP_DONE) x $n], 'every step done');
is(Cadcom::apply_step_error($report, 0), undef, 'no step error');
is(Cadcom::apply_step_state($report, $n), -1, 'out of range: -1, a value');
like(Cadcom::apply_note($report, 0), qr/restart/, 'note: restart the domain controllers');
like(Cadcom::apply_to_text($report), qr/Outcome: applied/, 'the report for people');
like(Cadcom::apply_to_json($report), qr/"outcome": "applied"/, 'and as JSON');
is(scalar(grep { $_->[3] == Cadcom::STEP_DONE } @progress), $n, 'progress called after each step');
is($progress[0][1], $n, 'with the step count');
like($progress[0][2], qr/\S/, 'and the step\'s text');
ok(-f "$tmp/fix-1/journal" && -f "$tmp/fix-1/revert.reg", 'journal and revert.reg in the backup directory');
is(setup_status($target), 0x63, 'SetupStatus reset');
save_file($target);

# The file now holds the fixed state: planning again finds nothing to do.
$target = open_file();
is(Cadcom::plan_action_count(Cadcom::plan_compute($topo, $target)), 0, 'the fixed snapshot needs nothing');
my $again = Cadcom::plan_apply($plan, $target, { backup_dir => "$tmp/fix-2" });
is(Cadcom::apply_outcome($again), Cadcom::OUTCOME_NOTHING, 'a second apply does nothing');

# A second apply into the same backup directory is refused before anything.
my $fresh = Cadcom::target_open_snapshot(slurp(examples() . '/forest/before.json'), 'before.json');
my $e = do { local $@; eval { Cadcom::plan_apply($plan, $fresh, { backup_dir => "$tmp/fix-1" }) }; $@ };
isa_ok($e, 'Cadcom::Error', 'a backup directory with a journal');
is($e->code, Cadcom::EIO, '... EIO');
is(Cadcom::target_snapshot($fresh), $orig, '... and nothing written');

# Rollback from the journal, on the target read back from the file.
my $rb = Cadcom::rollback($target, "$tmp/fix-1");
is(Cadcom::apply_outcome($rb), Cadcom::OUTCOME_ROLLED_BACK, 'rolled back');
is_deeply([map { Cadcom::apply_step_state($rb, $_) } 0 .. $n - 1],
	  [(Cadcom::STEP_REVERTED) x $n], 'every step reverted');
save_file($target);
is(Cadcom::target_snapshot(open_file()), $orig, 'the file is as before, byte for byte');
is(Cadcom::apply_outcome(Cadcom::rollback($target, "$tmp/fix-1", undef)), Cadcom::OUTCOME_ROLLED_BACK,
   'rolling back twice changes nothing');
is(Cadcom::target_snapshot($target), $orig, 'still as before');

# A progress callback that dies: the apply completes, then its error is rethrown.
$target = open_file();
my $calls = 0;
$e = do {
	local $@;
	eval {
		Cadcom::plan_apply($plan, $target, {
			backup_dir => "$tmp/fix-3",
			progress => sub { $calls++; die "stop here\n" },
		});
	};
	$@;
};
is($e, "stop here\n", 'the callback\'s error is rethrown');
is($calls, 1, 'the callback is not called again');
is(setup_status($target), 0x63, 'the apply itself ran to its end');
my $rb3 = Cadcom::rollback($target, "$tmp/fix-3");
is(Cadcom::target_snapshot($target), $orig, 'and rolls back');

my $e2 = do { local $@; eval { Cadcom::rollback($target, "$tmp/none") }; $@ };
is($e2->code, Cadcom::ENOTFOUND, 'rollback without a journal: ENOTFOUND');

done_testing();
