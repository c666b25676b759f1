using ShareKey.Mqtt.Client;

namespace ShareKey.Mqtt.Tests.Client;

public sealed class PacketIdentifierPoolTests
{
    [Fact]
    public void Identifiers_are_never_zero_and_never_handed_out_twice_while_in_use()
    {
        var pool = new PacketIdentifierPool();

        var all = Enumerable.Range(0, ushort.MaxValue).Select(_ => pool.Rent()).ToList();

        Assert.DoesNotContain((ushort)0, all);
        Assert.Equal(ushort.MaxValue, all.Distinct().Count());
        Assert.Throws<InvalidOperationException>(() => pool.Rent());
    }

    [Fact]
    public void A_returned_identifier_is_reused_only_after_the_others()
    {
        var pool = new PacketIdentifierPool();
        var first = pool.Rent();
        var second = pool.Rent();
        pool.Return(first);

        Assert.NotEqual(first, pool.Rent());
        Assert.NotEqual(second, pool.Rent());
    }
}
