using System.Diagnostics;

namespace ShareKey.KeyService.Tests.Service.Support;

/// <summary>
/// Debian's headless Chromium (installed by scripts/test.sh) as the picture's judge: it renders an
/// SVG at its own size and hands back the screenshot. A missing browser fails the test with how to
/// install it, never skips it.
/// </summary>
public static class Chromium
{
    public const string Executable = "/usr/bin/chromium";

    public static async Task<Png> ScreenshotAsync(string svg, int width, int height)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"The map tests render SVG in Debian's Chromium, but {Executable} is missing. Install it with: apt-get update && apt-get install -y chromium (scripts/test.sh does).");
        }

        var folder = Directory.CreateTempSubdirectory("sharekey-chromium-");
        try
        {
            var page = Path.Combine(folder.FullName, "map.svg");
            var shot = Path.Combine(folder.FullName, "map.png");
            await File.WriteAllTextAsync(page, svg);
            var start = new ProcessStartInfo(Executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                ArgumentList =
                {
                    "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--force-device-scale-factor=1",
                    $"--user-data-dir={Path.Combine(folder.FullName, "profile")}", $"--window-size={width},{height}", $"--screenshot={shot}", new Uri(page).AbsoluteUri,
                },
            };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("chromium did not finish the screenshot within 90 s");
            }

            Assert.True(File.Exists(shot), $"chromium wrote no screenshot (exit {process.ExitCode}): {await output} {await errors}");
            return Png.Read(await File.ReadAllBytesAsync(shot));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
