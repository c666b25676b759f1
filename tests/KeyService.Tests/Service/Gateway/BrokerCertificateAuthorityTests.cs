using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ShareKey.KeyService.Gateway;
using ShareKey.HostFiles;
using ShareKey.TestKit;

namespace ShareKey.KeyService.Tests.Service.Gateway;

/// <summary>
/// The broker's CA in the data folder when starts meet: two instances on one folder at once (a start
/// once read the other's certificate half-written, and each could write its own CA over the other's),
/// a start that stopped between writing the key and its certificate, and a key that is not the certificate's.
/// </summary>
public sealed class BrokerCertificateAuthorityTests : IAsyncLifetime
{
    private readonly TestEnvironment environment = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await environment.DisposeAsync();

    [Fact]
    public async Task Starts_making_the_CA_at_once_all_load_the_one_pair_on_disk()
    {
        for (var round = 0; round < 20; round++)
        {
            var folder = environment.TempFolder("sharekey-ca-");
            using var ready = new Barrier(8);
            var starts = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            {
                ready.SignalAndWait();
                return BrokerCertificateAuthority.LoadOrCreate(folder);
            })).ToArray();
            var authorities = await Task.WhenAll(starts);

            using var onDisk = BrokerCertificateAuthority.LoadOrCreate(folder);
            Assert.All(authorities, authority => Assert.Equal(onDisk.Certificate.Thumbprint, authority.Certificate.Thumbprint));
            Assert.All(authorities, SignsForItsCertificate);
            Assert.Equal([BrokerCertificateAuthority.KeyFile, BrokerCertificateAuthority.LockFile, BrokerCertificateAuthority.CertificateFile], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            foreach (var authority in authorities)
            {
                authority.Dispose();
            }
        }
    }

    [Fact]
    public void A_certificate_left_without_its_key_is_replaced_by_a_new_pair_at_the_next_start()
    {
        var folder = environment.TempFolder("sharekey-ca-");
        string orphan;
        using (var first = BrokerCertificateAuthority.LoadOrCreate(folder))
        {
            orphan = first.Certificate.Thumbprint;
        }

        File.Delete(Path.Combine(folder, BrokerCertificateAuthority.KeyFile));

        using var made = BrokerCertificateAuthority.LoadOrCreate(folder);
        Assert.NotEqual(orphan, made.Certificate.Thumbprint);
        SignsForItsCertificate(made);
        using var again = BrokerCertificateAuthority.LoadOrCreate(folder);
        Assert.Equal(made.Certificate.Thumbprint, again.Certificate.Thumbprint);
    }

    [Fact]
    public void A_key_that_is_not_the_certificates_is_refused_and_neither_file_is_replaced()
    {
        var folder = environment.TempFolder("sharekey-ca-");
        BrokerCertificateAuthority.LoadOrCreate(folder).Dispose();
        var keyPath = Path.Combine(folder, BrokerCertificateAuthority.KeyFile);
        using (var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            OwnerOnlyFile.Write(keyPath, stranger.ExportPkcs8PrivateKeyPem());
        }

        var certificate = File.ReadAllText(Path.Combine(folder, BrokerCertificateAuthority.CertificateFile));
        var key = File.ReadAllText(keyPath);

        var refused = Assert.Throws<InvalidOperationException>(() => BrokerCertificateAuthority.LoadOrCreate(folder));
        Assert.Contains("is not the private key of", refused.Message);
        Assert.Equal(certificate, File.ReadAllText(Path.Combine(folder, BrokerCertificateAuthority.CertificateFile)));
        Assert.Equal(key, File.ReadAllText(keyPath));
    }

    /// <summary>A server certificate it issues chains to its own certificate: the key it holds is the certificate's.</summary>
    private static void SignsForItsCertificate(BrokerCertificateAuthority authority)
    {
        using var server = authority.IssueServerCertificate(["localhost"]);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority.Certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(server), string.Join("; ", chain.ChainStatus.Select(status => status.StatusInformation)));
    }
}
