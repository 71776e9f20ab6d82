# The CA: the example forest (examples/forest: topology.json and the state
# before.json) audited and planned; the plan as text, JSON and .reg files;
# the target's registry and directory, borrowed from it.
use strict;
use warnings;
use Test::More;
use Cadcom;
use CadcomTest qw(example_forest examples slurp);

my ($topo, $target) = example_forest();
isa_ok($topo, 'Cadcom::Topology');
isa_ok($target, 'Cadcom::Target');
is(Cadcom::topology_host($topo), 'DC1', 'topology: host');
is(Cadcom::topology_role($topo), Cadcom::ROLE_DC, 'role');
is(Cadcom::topology_generation($topo), Cadcom::GENERATION_2003, 'generation');
is(Cadcom::topology_domain_count($topo), 3, 'three domains');
is(Cadcom::topology_domain_netbios($topo, 1), 'FABRIKAM', 'a domain\'s NetBIOS name');
my $dsid = Cadcom::topology_domain_sid($topo, 2);
is(Cadcom::sid_to_string($dsid), 'S-1-5-21-7-8-9', 'a domain SID (a copy)');
my ($trusting, $trusted, $kind) = Cadcom::topology_trust($topo, 0);
is_deeply([$trusting, $trusted, $kind], [0, 2, Cadcom::TRUST_EXTERNAL], 'a trust as a list');
Cadcom::plan_check_ca($target);
pass('the snapshot is a CA');

# The audit.
my $plan = Cadcom::plan_compute($topo, $target);
isa_ok($plan, 'Cadcom::Plan');
is(Cadcom::plan_worst($plan), Cadcom::SEVERITY_ERROR, 'enrollees are denied');
my $n = Cadcom::plan_finding_count($plan);
cmp_ok($n, '>=', 8, "findings ($n)");
my @errors = grep { Cadcom::plan_finding_severity($plan, $_) == Cadcom::SEVERITY_ERROR } 0 .. $n - 1;
ok((grep { Cadcom::plan_finding_text($plan, $_) =~ /lacks CONTOSO\\Domain Controllers/ } @errors),
   'the seed\'s failure: CERTSVC_DCOM_ACCESS lacks Domain Controllers');
is(Cadcom::plan_finding_layer($plan, $errors[0]), Cadcom::LAYER_MEMBERS, 'in the members layer');
like(Cadcom::plan_assumption($plan, 0), qr/CERTSVC_DCOM_ACCESS/, 'the assumption made');
is(Cadcom::plan_assumption($plan, 999), undef, 'out of range: undef');

# The plan: group members to add.
my $actions = Cadcom::plan_action_count($plan);
cmp_ok($actions, '>=', 7, "actions ($actions)");
is(Cadcom::plan_action_kind($plan, 0), Cadcom::ACTION_ADD_MEMBER, 'first: add a member');
is(Cadcom::sid_to_string(Cadcom::plan_action_group($plan, 0)), 'S-1-5-21-1-2-3-1105', 'to CERTSVC_DCOM_ACCESS');
is(Cadcom::sid_to_string(Cadcom::plan_action_member($plan, 0)), 'S-1-5-21-1-2-3-516', 'Domain Controllers');
like(Cadcom::plan_to_text($plan), qr/^Actions \(\d+\):/m, 'the plan for people');

# The SetupStatus reset: a registry action, so the .reg files say something.
Cadcom::plan_reset_setup_flag($plan, $topo, $target);
is(Cadcom::plan_action_count($plan), $actions + 1, 'reset_setup_flag appended one action');
my $last = $actions;
is(Cadcom::plan_action_kind($plan, $last), Cadcom::ACTION_SET_VALUE, 'a SET_VALUE');
is(Cadcom::plan_action_value_name($plan, $last), 'SetupStatus', 'of SetupStatus');
my ($type, $new) = Cadcom::plan_action_value($plan, $last, 0);
is($type, Cadcom::REG_DWORD, 'new value: a REG_DWORD');
is(unpack('V', $new), 0x63, 'without DCOM_SECURITY_UPDATED');
my (undef, $old) = Cadcom::plan_action_value($plan, $last, 1);
is(unpack('V', $old), 0x2063, 'the old value');

my ($forward, $revert) = Cadcom::plan_regfiles($plan);
isa_ok($forward, 'Cadcom::RegFile', 'forward .reg');
isa_ok($revert, 'Cadcom::RegFile', 'revert .reg');
my $bytes = Cadcom::regfile_to_bytes($forward);
is(substr($bytes, 0, 2), "\xff\xfe", 'UTF-16LE with a BOM, as regedit writes');
like(Cadcom::regfile_to_text($forward), qr/"SetupStatus"=dword:00000063/, 'forward sets 0x63');
like(Cadcom::regfile_to_text($revert), qr/"SetupStatus"=dword:00002063/, 'revert restores 0x2063');
my $parsed = Cadcom::regfile_parse($bytes, 'forward.reg');
is(Cadcom::regfile_to_bytes($parsed), $bytes, 'the .reg parses back to the same file');
my ($op) = grep { Cadcom::regfile_entry_op($parsed, $_) == Cadcom::REGFILE_SET_VALUE }
	0 .. Cadcom::regfile_count($parsed) - 1;
my ($etype, $edata) = Cadcom::regfile_entry_value($parsed, $op);
is($etype, Cadcom::REG_DWORD, 'its value: a REG_DWORD');
is($edata, pack('V', 0x63), '0x63');

# JSON: to, from, to again, byte for byte.
my $json = Cadcom::plan_to_json($plan);
like($json, qr/"format": "cadcom-plan-1"/, 'the plan as JSON');
my $again = Cadcom::plan_from_json($json, 'plan.json');
is(Cadcom::plan_to_json($again), $json, 'JSON round trip');

# The target's back-ends, borrowed: they keep the target alive.
my $reg = Cadcom::target_registry($target);
my $dir = Cadcom::target_directory($target);
isa_ok($reg, 'Cadcom::Registry');
isa_ok($dir, 'Cadcom::Directory');
undef $target;
undef $plan;
my ($vtype, $value) = Cadcom::registry_get($reg,
	'HKLM\SYSTEM\CurrentControlSet\Services\CertSvc\Configuration\Contoso Issuing CA', 'SetupStatus');
is($vtype, Cadcom::REG_DWORD, 'the registry outlives the variable holding its target');
is(unpack('V', $value), 0x2063, 'SetupStatus');
my ($stype, $sbytes) = Cadcom::registry_get($reg,
	'HKLM\SOFTWARE\Classes\AppID\{D99E6E74-FC88-11D0-B498-00A0C90312F3}', '');
is(Cadcom::reg_sz_decode($sbytes), 'CertSrv Request', 'a REG_SZ decoded');
is(Cadcom::reg_sz_encode('CertSrv Request'), $sbytes, 'and encoded');
my $key = 'HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Ole';
my @values;
for (my $i = 0; defined(my $name = Cadcom::registry_value_name($reg, $key, $i)); $i++) {
	push @values, $name;
}
ok((grep { $_ eq 'MachineLaunchRestriction' } @values), 'values listed until undef');
my $e = do { local $@; eval { Cadcom::registry_get($reg, $key, 'NoSuchValue') }; $@ };
is($e->code, Cadcom::ENOTFOUND, 'a missing value: ENOTFOUND');

my $dc2 = Cadcom::directory_lookup_name($dir, 'CONTOSO\DC2$');
isa_ok($dc2, 'Cadcom::Sid', 'a name looked up in the snapshot\'s directory');
is(Cadcom::directory_lookup_sid($dir, $dc2), 'CONTOSO\DC2$', 'and back');
my ($pkind, $pscope) = Cadcom::directory_info($dir, $dc2);
is($pkind, Cadcom::PRINCIPAL_COMPUTER, 'a computer');
my $group = Cadcom::sid_from_string('S-1-5-21-1-2-3-1105', undef);
my @members;
for (my $i = 0; defined(my $m = Cadcom::directory_member($dir, $group, $i)); $i++) {
	push @members, Cadcom::sid_to_string($m);
}
ok(scalar @members, 'CERTSVC_DCOM_ACCESS has members: ' . join(' ', @members));

done_testing();
