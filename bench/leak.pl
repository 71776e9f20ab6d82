#!/usr/bin/perl
# Resident size after 100,000 create/free cycles of a descriptor, a plan
# and an error through the Perl binding: bindings/perl/t/leak.t at full
# length (the test suite runs 20,000 with the same bound per cycle), which
# prints each growth.  bench/leak.py is the Python twin.
#
#     perl bench/leak.pl _build/default/bindings/perl [EXAMPLES]
use strict;
use warnings;
use File::Basename qw(dirname);

my $built = shift or die "usage: $0 BUILT_PERL_DIR [EXAMPLES]\n";
my $src = dirname(__FILE__) . '/..';
$ENV{EXAMPLES} = shift // $ENV{EXAMPLES} // "$src/examples";
$ENV{CADCOM_LEAK_CYCLES} = 100_000;
exec $^X, "-I$built", "-I$src/bindings/perl/t/lib", "$src/bindings/perl/t/leak.t";
