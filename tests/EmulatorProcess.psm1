# Starts and stops the emulator's processes (tests/AccessToken.Emulator): the API server, over
# HTTP or HTTPS, and the forward proxy with its records. EmulatorControl.psm1 imports this module
# and exports its commands with its own; in PowerShell 7 and in Windows PowerShell 5.1 alike.

$script:DefaultApiToken = 'emulator-api-token'

function Invoke-EmulatorRestMethod {
    # Invoke-RestMethod that trusts the HTTPS mode's own self-signed certificate. PowerShell 7
    # has -SkipCertificateCheck; Windows PowerShell 5.1 has only the process-wide callback of
    # ServicePointManager, set for this one call (the module's requests carry a check of their
    # own, which takes precedence over it) and TLS 1.2, which it may not offer by default.
    param($Emulator, [hashtable] $Call)
    if ($Emulator.Url -notlike 'https:*') { return Invoke-RestMethod @Call }
    if ($PSVersionTable.PSEdition -eq 'Core') { return Invoke-RestMethod @Call -SkipCertificateCheck }
    $savedCallback = [System.Net.ServicePointManager]::ServerCertificateValidationCallback
    $savedProtocols = [System.Net.ServicePointManager]::SecurityProtocol
    try {
        [System.Net.ServicePointManager]::ServerCertificateValidationCallback = { $true }
        [System.Net.ServicePointManager]::SecurityProtocol = $savedProtocols -bor [System.Net.SecurityProtocolType]::Tls12
        Invoke-RestMethod @Call
    }
    finally {
        [System.Net.ServicePointManager]::ServerCertificateValidationCallback = $savedCallback
        [System.Net.ServicePointManager]::SecurityProtocol = $savedProtocols
    }
}

function ConvertTo-CommandLineArgument([string] $Value) {
    # One argument as Windows and .NET parse a command line: quoted, with quotes and the
    # backslashes before them escaped. (ProcessStartInfo.ArgumentList, which would do this, is
    # not in .NET Framework.)
    '"' + ($Value -replace '(\\*)"', '$1$1\"' -replace '(\\+)$', '$1$1') + '"'
}

function Start-EmulatorProcess {
    # The emulator's process in one of its modes, ended with this one (--parent-pid), once it has
    # printed '<Announcement>=<url>'. Returns Url, Process.
    param([string[]] $Arguments, [string] $Announcement, [string] $Configuration)
    $dll = Join-Path $PSScriptRoot "AccessToken.Emulator/bin/$Configuration/net10.0/AccessToken.Emulator.dll"
    if (-not (Test-Path $dll)) { throw "The emulator is not built: $dll is missing. Run ./build.ps1 -Task Build." }
    $all = @($dll) + $Arguments + @('--parent-pid', $PID)
    $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet', (($all | ForEach-Object { ConvertTo-CommandLineArgument ([string]$_) }) -join ' '))
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($start)
    $line = $process.StandardOutput.ReadLineAsync()
    if (-not $line.Wait(30000) -or $line.Result -notmatch "^$Announcement=(?<url>\S+)$") {
        $process.Kill()
        throw "The emulator did not report its ${Announcement}: '$($line.Result)' $($process.StandardError.ReadToEnd())"
    }
    # Drain stderr so a chatty server can never block on a full pipe.
    $null = $process.StandardError.ReadToEndAsync()
    [pscustomobject]@{ Url = $Matches.url; Process = $process }
}

function Start-Emulator {
    <# Starts an emulator process and returns its description: Url, Process, ApiToken (plain and secure). #>
    [CmdletBinding()]
    param(
        [string] $ApiToken = $script:DefaultApiToken,
        [int] $SeedCount = 0,
        [string] $Configuration = 'Release',
        # Serve https://127.0.0.1:<port> with a self-signed certificate made at start.
        [switch] $Https,
        # With -Https: a certificate issued by a test root made at start, whose PEM is written to this file (to trust through SSL_CERT_FILE).
        [string] $TestRootFile
    )
    $arguments = @('--api-token', $ApiToken)
    if ($SeedCount -gt 0) { $arguments += '--seed-count', $SeedCount }
    if ($Https) { $arguments += '--https' }
    if ($TestRootFile) { $arguments += '--test-root-file', $TestRootFile }
    $started = Start-EmulatorProcess -Arguments $arguments -Announcement EMULATOR_URL -Configuration $Configuration
    [pscustomobject]@{
        Url            = $started.Url
        Process        = $started.Process
        ApiToken       = $ApiToken
        SecureApiToken = ConvertTo-SecureString $ApiToken -AsPlainText -Force
        Https          = [bool]$Https
    }
}

function Stop-Emulator {
    <# Asks the emulator to exit and kills it if it has not within 5 seconds. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator)
    try { Invoke-EmulatorRestMethod $Emulator @{ Method = 'Post'; Uri = "$($Emulator.Url)/_emulator/shutdown"; TimeoutSec = 5 } | Out-Null } catch { }
    if (-not $Emulator.Process.WaitForExit(5000)) { $Emulator.Process.Kill() }
}

function Start-TestProxy {
    <# Starts the emulator's forward proxy (CONNECT and plain HTTP, loopback only); with -User and -Password it answers 407 until a request brings them. Returns Url, Process. #>
    [CmdletBinding()]
    param([string] $User, [string] $Password, [string] $Configuration = 'Release')
    $arguments = @('--proxy')
    if ($User) { $arguments += '--proxy-user', $User, '--proxy-password', $Password }
    Start-EmulatorProcess -Arguments $arguments -Announcement PROXY_URL -Configuration $Configuration
}

function Invoke-ProxyControl {
    # The test proxy's own control API, reached directly even where HTTPS_PROXY or HTTP_PROXY is set.
    param([string] $Uri, [string] $Method = 'Get')
    if ($PSVersionTable.PSEdition -eq 'Core') { return Invoke-RestMethod -Method $Method -Uri $Uri -NoProxy }
    $request = [System.Net.WebRequest]::Create($Uri)
    $request.Method = $Method.ToUpperInvariant()
    $request.Proxy = $null
    $response = $request.GetResponse()
    try { (New-Object System.IO.StreamReader $response.GetResponseStream()).ReadToEnd() | ConvertFrom-Json } finally { $response.Dispose() }
}

function Get-ProxyRequest {
    <# The requests the test proxy was asked to carry, in arrival order: method (CONNECT, or GET and the like for plain HTTP), target, credentials (whether it carried any), accepted, bytesUp (sent up the tunnel since). #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Proxy)
    $records = Invoke-ProxyControl -Uri "$($Proxy.Url)/_proxy/requests"
    foreach ($record in $records) { $record }
}

function Clear-ProxyRequest {
    <# Forgets the test proxy's records. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Proxy)
    Invoke-ProxyControl -Method Delete -Uri "$($Proxy.Url)/_proxy/requests" | Out-Null
}

function Stop-TestProxy {
    <# Ends the test proxy's process. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Proxy)
    if (-not $Proxy.Process.HasExited) { $Proxy.Process.Kill() }
    $null = $Proxy.Process.WaitForExit(5000)
}

Export-ModuleMember -Function Invoke-EmulatorRestMethod, Start-Emulator, Stop-Emulator, Start-TestProxy, Get-ProxyRequest, Clear-ProxyRequest, Stop-TestProxy
