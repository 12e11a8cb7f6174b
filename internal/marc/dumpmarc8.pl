#!/usr/bin/perl
# dumpmarc8.pl prints the MARC-8 to Unicode mappings of MARC::Charset
# (Debian package libmarc-charset-perl), whose database is compiled from the
# Library of Congress MARC-8 code tables. One mapping a line:
#
#	charset-final-byte(hex) marc8-bytes(hex) ucs(hex) combining(0|1) alt-ucs(hex or -)
#
# The output is the input of gentable.go; see marc8.go.
use strict;
use warnings;
use MARC::Charset::Table;

my $table = MARC::Charset::Table->new();
my $db = $table->db();
my @lines;
while (my ($key, $frozen) = each %$db) {
    next if $key =~ /^\d+$/;    # lookup-by-Unicode keys duplicate the codes
    my $code = $table->get_code($key);
    next unless $code;
    push @lines, sprintf("%s %s %s %d %s",
        lc($code->charset()), lc($code->marc()), lc($code->ucs()),
        $code->is_combining() ? 1 : 0,
        $code->alt() ? lc($code->alt()) : '-');
}
print "$_\n" for sort @lines;
