using ShareKey.Firmware.Tests.Support;

namespace ShareKey.Firmware.Tests.State;

/// <summary>docs/protocol.md §9.1: one outstanding nonce from the RNG, consumed by the first attempt whatever it names.</summary>
public sealed class ChallengeNonceTests
{
    private readonly DeviceRig _rig = new();

    [Fact]
    public void The_issued_nonce_is_accepted_once()
    {
        byte[] nonce = _rig.State.IssueNonce();

        Assert.Equal(16, nonce.Length);
        Assert.True(_rig.State.ConsumeNonce(nonce));
        Assert.False(_rig.State.ConsumeNonce(nonce));
    }

    [Fact]
    public void A_wrong_nonce_also_uses_up_the_outstanding_one()
    {
        byte[] nonce = _rig.State.IssueNonce();
        byte[] wrong = (byte[])nonce.Clone();
        wrong[15] ^= 1;

        Assert.False(_rig.State.ConsumeNonce(wrong));
        Assert.False(_rig.State.ConsumeNonce(nonce));
    }

    [Fact]
    public void A_new_challenge_voids_the_previous_nonce()
    {
        byte[] first = _rig.State.IssueNonce();
        byte[] second = _rig.State.IssueNonce();

        Assert.NotEqual(first, second);
        Assert.False(_rig.State.ConsumeNonce(first));
    }

    [Fact]
    public void Nothing_is_accepted_before_a_challenge_not_even_zeros()
    {
        Assert.False(_rig.State.ConsumeNonce(new byte[16]));
    }

    [Fact]
    public void Nonces_of_the_wrong_length_or_none_are_refused()
    {
        byte[] nonce = _rig.State.IssueNonce();

        Assert.False(_rig.State.ConsumeNonce(nonce[..8]));
        _rig.State.IssueNonce();
        Assert.False(_rig.State.ConsumeNonce(null!));
    }

    [Fact]
    public void The_nonce_comes_from_the_crypto_providers_random_source()
    {
        int before = _rig.Crypto.RandomCalls;

        _rig.State.IssueNonce();

        Assert.Equal(before + 1, _rig.Crypto.RandomCalls);
    }

    [Fact]
    public void A_reboot_voids_the_outstanding_nonce()
    {
        byte[] nonce = _rig.State.IssueNonce();

        var rebooted = _rig.Reboot();

        Assert.False(rebooted.ConsumeNonce(nonce));
    }
}
