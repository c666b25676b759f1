using System.Security.Cryptography.X509Certificates;
using ShareKey.Firmware.Configuration;

namespace ShareKey.Firmware.Device.Mqtt
{
    /// <summary>
    /// The CA certificate of the board file (<c>mqtt.ca-cert</c>, base64 of its DER bytes) as M2Mqtt takes it: an
    /// <see cref="X509Certificate"/> made from PEM text, which nanoFramework's TLS (mbedTLS) parses. The parser already
    /// checked the text is base64, so it only needs the PEM armour and 64-character lines.
    /// </summary>
    public static class BrokerAuthority
    {
        /// <summary>Null without <c>mqtt.ca-cert</c>: the certificate store deployed to the board decides.</summary>
        public static X509Certificate From(BoardConfig config)
        {
            string base64 = config.MqttCaCertificate;
            if (base64 == null)
            {
                return null;
            }

            string pem = "-----BEGIN CERTIFICATE-----\n";
            for (int start = 0; start < base64.Length; start += 64)
            {
                int length = base64.Length - start < 64 ? base64.Length - start : 64;
                pem += base64.Substring(start, length) + "\n";
            }

            return new X509Certificate(pem + "-----END CERTIFICATE-----\n");
        }
    }
}
