# What the Pester tests of today's API (1.30: /me/tokens, application and instance tokens, paged
# lists) share: a clean connection to a fresh emulator, the recorded list requests with their page
# numbers, and a cmdlet run in a PowerShell instance of its own, to read its progress or stop it.
# Enter-TodaysApi imports EmulatorControl.psm1 and the module under test for the whole session.

# The query flags every request carries by default, and the query of a list's first page.
$DefaultFlags = '?_actions=false&_links=true&_embedded=true'
$FirstPageQuery = "$DefaultFlags&page=0&perPage=100"

function Enter-TodaysApi {
    <# Starts an emulator and connects to it under today's API, with nothing from the developer's environment; returns what Exit-TodaysApi needs. #>
    [CmdletBinding()]
    param()
    Import-Module (Join-Path $PSScriptRoot '../EmulatorControl.psm1') -Global -Force
    Import-Module $env:ACCESSTOKEN_TEST_MODULE -Global -Force
    $state = [pscustomobject]@{
        Emulator = Start-Emulator
        Saved    = @{ Token = $env:LOSANT_API_TOKEN; Url = $env:LOSANT_API_URL }
    }
    # Earlier files in the same process pin API 1.3.7 in LOSANT_API_VERSION (and clear it after
    # them); these tests speak today's, and leave it cleared too.
    $env:LOSANT_API_VERSION = $null
    $env:LOSANT_API_TOKEN = $null
    $env:LOSANT_API_URL = $null
    Connect-TodaysApi $state.Emulator
    $state
}

function Exit-TodaysApi {
    <# Disconnects, gives the environment back and stops the emulator. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $State)
    Disconnect-Losant
    $env:LOSANT_API_VERSION = $null
    $env:LOSANT_API_TOKEN = $State.Saved.Token
    $env:LOSANT_API_URL = $State.Saved.Url
    Stop-Emulator $State.Emulator
}

function Connect-TodaysApi {
    <# Connects the session to the emulator with the default API version; Connect-Losant also empties the completion cache. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator)
    $env:LOSANT_API_VERSION = $null
    Connect-Losant -ApiToken $Emulator.SecureApiToken -BaseUri $Emulator.Url
}

function Invoke-EmulatorApi {
    <# Calls the emulator's API directly, behind the module's back, as another user or tool would: -Path with its query, -Body sent as JSON. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $Path, [string] $Method = 'Get', $Body)
    $call = @{ Method = $Method; Uri = "$($Emulator.Url)$Path"; Headers = @{ Authorization = "Bearer $($Emulator.ApiToken)" } }
    if ($PSBoundParameters.ContainsKey('Body')) { $call.Body = ConvertTo-Json -InputObject $Body -Depth 10; $call.ContentType = 'application/json' }
    Invoke-RestMethod @call
}

function Get-ListRequest {
    <# The recorded GET requests of one path (default /me/tokens), in arrival order, each with its Page number and arrival time At. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator, [string] $Path = '/me/tokens')
    foreach ($request in Get-EmulatorRequest $Emulator) {
        if ($request.method -ne 'GET' -or $request.path -ne $Path) { continue }
        $page = if ($request.query -match '[?&]page=(\d+)(&|$)') { [int]$Matches[1] } else { $null }
        $request | Add-Member -NotePropertyMembers @{ Page = $page; At = [DateTimeOffset]$request.receivedAt } -PassThru
    }
}

function New-CmdletRunspace {
    <# A PowerShell instance, not yet started, that imports the module under test and runs -Script; it uses the session's connection, which is the process's. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Script)
    $instance = [powershell]::Create()
    $null = $instance.AddScript("Import-Module '$env:ACCESSTOKEN_TEST_MODULE'; $Script")
    $instance
}

function Invoke-CmdletRunspace {
    <# Runs -Script in a PowerShell instance of its own and returns its Output, Errors and Progress records. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Script)
    $instance = New-CmdletRunspace $Script
    try {
        $output = $instance.Invoke()
        [pscustomobject]@{ Output = @($output); Errors = @($instance.Streams.Error); Progress = @($instance.Streams.Progress) }
    }
    finally { $instance.Dispose() }
}

function Wait-RunspaceStall {
    <# Runs -Script in a PowerShell instance until the emulator has recorded -Count requests and -SettleMs more have passed, then stops it; anything more the script were to ask for would have arrived by then. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $Script, [Parameter(Mandatory)] [int] $Count, [int] $SettleMs = 700)
    $instance = New-CmdletRunspace $Script
    try {
        $null = $instance.BeginInvoke()
        $seen = Wait-EmulatorRequest $Emulator -Count $Count
        if ($seen -lt $Count) { throw "Only $seen of $Count requests arrived." }
        Start-Sleep -Milliseconds $SettleMs
    }
    finally {
        $instance.Stop()
        $instance.Dispose()
    }
}

function Measure-RunspaceStop {
    <# Runs -Script in a PowerShell instance, waits until the emulator has recorded -Count requests, stops it as Ctrl+C would, and returns how long the stop took. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $Script, [int] $Count = 1)
    $instance = New-CmdletRunspace $Script
    try {
        $async = $instance.BeginInvoke()
        $seen = Wait-EmulatorRequest $Emulator -Count $Count
        if ($seen -lt $Count) { throw "Only $seen of $Count requests arrived before the stop." }
        # Let the cmdlet settle into its wait for the answer that never comes.
        Start-Sleep -Milliseconds 200
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $instance.Stop()
        $clock.Stop()
        if (-not $async.IsCompleted) { throw 'The instance had not ended when Stop returned.' }
        $clock.Elapsed
    }
    finally { $instance.Dispose() }
}

function Get-ErrorRecord {
    <# The ErrorRecords a script block writes or throws, in order; its other output is dropped. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [scriptblock] $ScriptBlock)
    try {
        & $ScriptBlock 2>&1 | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }
    }
    catch {
        $_
    }
}

Export-ModuleMember -Function Enter-TodaysApi, Exit-TodaysApi, Connect-TodaysApi, Invoke-EmulatorApi, Get-ListRequest, New-CmdletRunspace,
    Invoke-CmdletRunspace, Wait-RunspaceStall, Measure-RunspaceStop, Get-ErrorRecord -Variable DefaultFlags, FirstPageQuery
