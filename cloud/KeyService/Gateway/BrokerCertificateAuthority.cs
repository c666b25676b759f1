using System.Diagnostics;
using System.Net;
using System.Net.NetworkInformation;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ShareKey.HostFiles;

namespace ShareKey.KeyService.Gateway;

/// <summary>
/// The certificate authority of the in-process broker's TLS listener, made at first start in the data folder:
/// <c>mqtt-ca.pem</c> (the certificate every board file carries) and <c>mqtt-ca.key</c> (its private key, owner-only).
/// At each start it signs a fresh server certificate for the names and addresses devices use.
/// </summary>
public sealed class BrokerCertificateAuthority : IDisposable
{
    public const string CertificateFile = "mqtt-ca.pem";
    public const string KeyFile = "mqtt-ca.key";

    private readonly ECDsa _key;

    private BrokerCertificateAuthority(X509Certificate2 certificate, ECDsa key)
    {
        Certificate = certificate;
        _key = key;
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>The CA certificate as board files write it: base64 of its DER bytes, one line.</summary>
    public string BoardText => Convert.ToBase64String(Certificate.RawData);

    /// <summary>Held while a start loads or makes the CA, so two starts on one data folder never both make one.</summary>
    public const string LockFile = "mqtt-ca.lock";

    /// <summary>How long a start waits for another start on this data folder to finish making the CA.</summary>
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The data folder's CA, made first if there is none. A second instance starting on the same folder at
    /// the same moment (ConcurrentStartTests) once read the other's certificate half-written, and two starts
    /// could each write their own CA over the other's, leaving a key that is not the certificate's: so the
    /// files are read and made only under an exclusive lock on <see cref="LockFile"/>, and each is moved into
    /// place whole.
    /// </summary>
    public static BrokerCertificateAuthority LoadOrCreate(string dataDirectory)
    {
        var certificatePath = Path.Combine(dataDirectory, CertificateFile);
        var keyPath = Path.Combine(dataDirectory, KeyFile);
        OwnerOnlyFile.EnsureFolder(Path.GetFullPath(dataDirectory));
        using var held = Lock(Path.Combine(dataDirectory, LockFile));
        return File.Exists(keyPath) && File.Exists(certificatePath) ? Load(certificatePath, keyPath) : Create(certificatePath, keyPath);
    }

    /// <summary>An exclusive lock on the file (FileShare.None, an advisory lock on Unix), waited for while another start holds it.</summary>
    private static FileStream Lock(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var waiting = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, options);
            }
            catch (IOException) when (waiting.Elapsed < LockWait)
            {
                Thread.Sleep(20);
            }
        }
    }

    private static BrokerCertificateAuthority Load(string certificatePath, string keyPath)
    {
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(keyPath) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
        {
            throw new InvalidOperationException($"{keyPath} can be read or written by others; make it owner-only (chmod 600) or delete it to make a new CA.");
        }

        var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(keyPath));
        var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath));
        using var certified = certificate.GetECDsaPublicKey();
        if (certified is null || !certified.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
        {
            certificate.Dispose();
            key.Dispose();
            throw new InvalidOperationException($"{keyPath} is not the private key of {certificatePath}; put the right pair back, or delete both to make a new CA (every board file then needs the new certificate).");
        }

        return new BrokerCertificateAuthority(certificate, key);
    }

    /// <summary>A new CA, replacing a certificate or key found without the other (a start that stopped between the two writes).</summary>
    private static BrokerCertificateAuthority Create(string certificatePath, string keyPath)
    {
        var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=ShareKey device broker CA {Guid.NewGuid():N}", caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        using var selfSigned = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(20));
        var certificate = X509CertificateLoader.LoadCertificate(selfSigned.RawData);
        OwnerOnlyFile.Write(keyPath, caKey.ExportPkcs8PrivateKeyPem());
        var written = $"{certificatePath}.{Guid.NewGuid():N}.new";
        try
        {
            File.WriteAllText(written, certificate.ExportCertificatePem());
            File.Move(written, certificatePath, overwrite: true);
        }
        finally
        {
            File.Delete(written);
        }

        return new BrokerCertificateAuthority(certificate, caKey);
    }

    /// <summary>A server certificate signed by this CA for <paramref name="hostNames"/> and every address of this
    /// machine, valid for a year from now.</summary>
    public X509Certificate2 IssueServerCertificate(IEnumerable<string> hostNames)
    {
        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=ShareKey device broker", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var name in hostNames.Append("localhost").Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (IPAddress.TryParse(name, out var address))
            {
                names.AddIpAddress(address);
            }
            else
            {
                names.AddDnsName(name);
            }
        }
        foreach (var address in LocalAddresses())
        {
            names.AddIpAddress(address);
        }
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var signed = request.Create(Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(_key), now.AddMinutes(-5), now.AddYears(1), serial);
        using var withKey = signed.CopyWithPrivateKey(serverKey);
        // Through PKCS#12 so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    public void Dispose()
    {
        Certificate.Dispose();
        _key.Dispose();
    }

    private static IEnumerable<IPAddress> LocalAddresses()
    {
        var addresses = new HashSet<IPAddress> { IPAddress.Loopback, IPAddress.IPv6Loopback };
        try
        {
            foreach (var network in NetworkInterface.GetAllNetworkInterfaces())
            {
                foreach (var unicast in network.GetIPProperties().UnicastAddresses.Where(u => !u.Address.IsIPv6LinkLocal))
                {
                    addresses.Add(unicast.Address);
                }
            }
        }
        catch (NetworkInformationException)
        {
            // Names given by the operator and loopback still work.
        }
        return addresses;
    }
}
