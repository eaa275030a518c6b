using CopilotBot.Core.Health;

namespace CopilotBot.Tests.Health;

public sealed class SparklineTests
{
    [Fact]
    public void A_steady_high_score_is_a_flat_line_not_a_solid_bar() =>
        Assert.Equal("▆▆▆▆▆", Sparkline.Render([96, 96, 95, 96, 96]));

    [Fact]
    public void A_slide_goes_from_the_top_block_to_the_bottom_one() =>
        Assert.Equal("█▆▄▁", Sparkline.Render([80, 72, 64, 50]));

    [Fact]
    public void A_small_wobble_is_drawn_small() =>
        Assert.Equal("▃▅▃", Sparkline.Render([60, 66, 60]));

    [Theory]
    [InlineData(new[] { -5, 130 }, "▁█")]
    [InlineData(new[] { 0, 0 }, "▁▁")]
    [InlineData(new int[0], "")]
    public void Extremes_stay_within_0_to_100(int[] scores, string expected) =>
        Assert.Equal(expected, Sparkline.Render(scores));
}
