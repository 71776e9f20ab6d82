# The main job from Perl against the lab DC (tests/lab/test_bindings.sh):
# the twin of test_bindings_lab.py — a broken MachineLaunchRestriction
# seeded with the command line, then audit (plan) -> apply -> audit ->
# rollback through the binding, and the value read back byte for byte with
# the command line afterwards.
use strict;
use warnings;
use File::Temp qw(tempdir);
use JSON::PP;
use Test::More;
use Cadcom;

my %e = %ENV;
my $host = $e{CADCOM_LAB_HOST};
my $ole = 'HKLM\SOFTWARE\Microsoft\Ole';
my $config = 'HKLM\SYSTEM\CurrentControlSet\Services\CertSvc\Configuration';
my $broken = 'O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;WD)(A;;CCDCLCSWRP;;;S-1-5-32-562)';

sub cli {
	local $ENV{CADCOM_PASSWORD} = $e{CADCOM_LAB_ADMIN_PASSWORD};
	open(my $fh, '-|', $e{CADCOM}, @_, '-U', "$e{CADCOM_LAB_DOMAIN}\\$e{CADCOM_LAB_ADMIN}")
		or die "cadcom: $!";
	local $/;
	my $out = <$fh>;
	close($fh) or die "cadcom @_: exit " . ($? >> 8);
	return $out;
}

sub current { decode_json(cli('reg', 'get', $host, $ole, $_[0], '--json'))->{hex} }

# The domain's SID: Domain Users (in Builtin\Users) without its RID.
my ($du) = grep { /-513$/ } map { $_->{sid} }
	@{ decode_json(cli('group', 'list', $host, 'S-1-5-32-545', '--json'))->{members} };
(my $domain_sid = $du) =~ s/-513$//;

cli('reg', 'set', $host, $ole, 'MachineLaunchRestriction', 'SDDL', $broken);
cli('reg', 'set', $host, $config, 'Active', 'REG_SZ', 'Binding CA');
cli('reg', 'set', $host, $config, 'SetupStatus', 'REG_DWORD', '0x63');
my $before = current('MachineLaunchRestriction');

my $cred = Cadcom::credentials_new_password($e{CADCOM_LAB_DOMAIN}, $e{CADCOM_LAB_ADMIN},
	$e{CADCOM_LAB_ADMIN_PASSWORD});
my $target = Cadcom::target_open_remote($host, $cred, undef);
my $topo = Cadcom::topology_new();
Cadcom::topology_set_host($topo, 'DC1', Cadcom::ROLE_DC, Cadcom::GENERATION_2008);
Cadcom::topology_add_domain($topo, 'contoso.test', 'CONTOSO',
	Cadcom::sid_from_string($domain_sid, undef), undef);
Cadcom::topology_set_ca_domain($topo, 'contoso.test');
Cadcom::topology_add_enroll_domain($topo, 'contoso.test');
Cadcom::topology_set_ca_name($topo, 'Binding CA');

my $plan = Cadcom::plan_compute($topo, $target);
my @launch = grep {
	(Cadcom::plan_action_value_name($plan, $_) // '') eq 'MachineLaunchRestriction'
} 0 .. Cadcom::plan_action_count($plan) - 1;
is(scalar @launch, 1, 'the audit finds the launch restriction');

my $tmp = tempdir(CLEANUP => 1);
my $report = Cadcom::plan_apply($plan, $target, { backup_dir => "$tmp/backup" });
is(Cadcom::apply_outcome($report), Cadcom::OUTCOME_APPLIED, 'applied');
my $again = Cadcom::plan_compute($topo, $target);
is(scalar(grep { Cadcom::plan_action_kind($again, $_) == Cadcom::ACTION_SET_VALUE }
	0 .. Cadcom::plan_action_count($again) - 1), 0, 'the audit afterwards has no value to set');
isnt(current('MachineLaunchRestriction'), $before, 'the value changed');
my $back = Cadcom::rollback($target, "$tmp/backup");
is(Cadcom::apply_outcome($back), Cadcom::OUTCOME_ROLLED_BACK, 'rolled back');
is(current('MachineLaunchRestriction'), $before, 'byte for byte as before');

done_testing();
