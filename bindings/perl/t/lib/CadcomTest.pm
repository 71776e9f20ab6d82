# Helpers shared by the Perl binding's tests (bindings/perl/t/*.t).
#
# The tests run against the build tree, uninstalled: `make check` (each
# .t through the TAP driver) or
#   prove -I_build/default/bindings/perl -Ibindings/perl/t/lib bindings/perl/t
# EXAMPLES names the source tree's examples/ (make check sets it); without
# it, the one beside these tests is used.
package CadcomTest;
use strict;
use warnings;
use Exporter 'import';
use File::Basename qw(dirname);
use File::Spec;
use Cwd qw(abs_path);
use POSIX ();

our @EXPORT_OK = qw(examples slurp example_forest srcdir rss_kib);

# The source tree: three levels above this file (bindings/perl/t/lib).
sub srcdir {
	return abs_path(File::Spec->catdir(dirname(__FILE__), ('..') x 4));
}

sub examples {
	return $ENV{EXAMPLES} || File::Spec->catdir(srcdir(), 'examples');
}

# A file's contents as bytes.
sub slurp {
	my ($path) = @_;
	open my $fh, '<:raw', $path or die "$path: $!\n";
	local $/;
	my $data = <$fh>;
	close $fh;
	return $data;
}

# The example forest: its topology and a target holding before.json.
sub example_forest {
	my $dir = File::Spec->catdir(examples(), 'forest');
	my $topo = Cadcom::topology_from_json(slurp("$dir/topology.json"), 'topology.json');
	my $target = Cadcom::target_open_snapshot(slurp("$dir/before.json"), 'before.json');
	return ($topo, $target);
}

# This process's resident set in KiB (/proc/self/statm counts pages).
sub rss_kib {
	open my $fh, '<', '/proc/self/statm' or return undef;
	my (undef, $resident) = split ' ', scalar <$fh>;
	close $fh;
	my $page = POSIX::sysconf(POSIX::_SC_PAGESIZE()) || 4096;
	return $resident * $page / 1024;
}

1;
