using ActorFs.Messages;

namespace ActorFs.Tests.Messages;

public sealed class LegacyListingSpec
{
    private static int ReplyLength(string? content) => LegacyCodec.EncodeReply(Legacy.Reply.Ok(content)).Length;

    [Fact]
    public void An_empty_directory_must_give_null_content()
    {
        Assert.Null(LegacyListing.Fit([]));
    }

    [Fact]
    public void A_small_listing_must_be_the_names_joined_by_newlines_without_a_trailing_one()
    {
        Assert.Equal("a.txt\n.hidden\nb", LegacyListing.Fit(["a.txt", ".hidden", "b"]));
    }

    [Theory]
    [InlineData("file-{0:D5}.txt", 5000)]
    [InlineData("\u65e5\u672c\u8a9e-{0}", 3000)]
    [InlineData("\U0001F600\U0001F4C1-{0}-\"quoted\"", 2000)]
    public void A_large_listing_must_be_cut_at_an_entry_boundary_so_the_reply_fits_4096_bytes(string pattern, int count)
    {
        var names = Enumerable.Range(0, count).Select(i => string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, i)).ToList();

        var content = LegacyListing.Fit(names)!;

        Assert.True(ReplyLength(content) <= Legacy.MaxReplyBytes, $"reply is {ReplyLength(content)} bytes");
        var lines = content.Split('\n');
        var shown = lines.Length - 1;
        Assert.Equal(names.Take(shown), lines.Take(shown));
        Assert.Equal(LegacyListing.OmittedLine(count - shown), lines[^1]);
        var oneMore = string.Join('\n', names.Take(shown + 1)) + "\n" + LegacyListing.OmittedLine(count - shown - 1);
        Assert.True(ReplyLength(oneMore) > Legacy.MaxReplyBytes, "one more entry would also have fitted");
    }

    [Fact]
    public void A_listing_that_fits_exactly_must_not_be_cut()
    {
        var overhead = ReplyLength(string.Empty);
        var name = new string('n', Legacy.MaxReplyBytes - overhead);

        Assert.Equal(name, LegacyListing.Fit([name]));
        Assert.Equal(LegacyListing.OmittedLine(1), LegacyListing.Fit([name + "x"]));
    }

    [Fact]
    public void The_omitted_line_must_say_how_many_entries_were_left_out()
    {
        Assert.Equal("(1 more entry not shown)", LegacyListing.OmittedLine(1));
        Assert.Equal("(1234 more entries not shown)", LegacyListing.OmittedLine(1234));
    }
}
