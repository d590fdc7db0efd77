<#
.SYNOPSIS
    A short, readable session with the AccessToken module against the local emulator.
.DESCRIPTION
    Started by `./build.ps1 -Task Demo`. Starts the emulator on loopback, imports the built
    module and walks through today's API (1.30): connects, lists your own tokens, an
    application's tokens and the inventory of every application's, creates and describes an
    application token, shows what a removal would do with -WhatIf, signs in with the emulator's
    user, and then speaks the /access-tokens API of 2016 (1.3.7) with one parameter. Shuts the
    emulator down at the end.
#>
param([Parameter(Mandatory)] [string] $ModulePath)

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../tests/EmulatorControl.psm1')

function Show-Step([string] $Command, [scriptblock] $Action) {
    Write-Host ''
    Write-Host "PS> $Command" -ForegroundColor Yellow
    & $Action | Out-Host
}

function Show-Note([string] $Text) {
    Write-Host ''
    Write-Host "# $Text" -ForegroundColor Cyan
}

# An expected error (terminating here, as $ErrorActionPreference is Stop), shown as its ErrorId
# and message rather than ending the demo.
function Show-Error([scriptblock] $Action) {
    try { & $Action } catch { "$($_.FullyQualifiedErrorId): $($_.ErrorDetails.Message ?? $_.Exception.Message)" }
}

$emulator = Start-Emulator
try {
    Write-Host "A Losant-compatible API emulator is listening at $($emulator.Url)." -ForegroundColor Cyan
    Import-Module $ModulePath
    $apiToken = $emulator.SecureApiToken
    $url = $emulator.Url
    $app = '5b0000000000000000000001'

    Show-Note "Today's API (1.30) is the default."
    Show-Step "Connect-Losant -ApiToken `$apiToken -BaseUri $url -PassThru" { Connect-Losant -ApiToken $apiToken -BaseUri $url -PassThru }
    Show-Step 'Get-AccessToken  # your own tokens: GET /me/tokens, page by page' { Get-AccessToken }
    Show-Step "Get-AccessToken -Name 'D*' -Status Active" { Get-AccessToken -Name 'D*' -Status Active }
    Show-Step "Get-AccessToken -ApplicationId $app  # an application's tokens" { Get-AccessToken -ApplicationId $app }
    Show-Step 'Get-AccessToken -AllApplications | Format-Table ApplicationName, Name, Status, ExpirationDate  # the inventory' {
        Get-AccessToken -AllApplications | Format-Table ApplicationName, Name, Status, ExpirationDate
    }
    Show-Step "New-AccessToken -ApplicationId $app -Name 'Gateway 12' -Scope all.Device -Description 'Edge gateway in hall 2'" {
        New-AccessToken -ApplicationId $app -Name 'Gateway 12' -Scope all.Device -Description 'Edge gateway in hall 2'
    }
    Show-Step "Get-AccessToken -ApplicationId $app -Name 'Dashboard*' | Set-AccessToken -Description 'Lobby screens' -PassThru | Format-List Name, Description, ApplicationId" {
        Get-AccessToken -ApplicationId $app -Name 'Dashboard*' | Set-AccessToken -Description 'Lobby screens' -PassThru | Format-List Name, Description, ApplicationId
    }
    Show-Step "Get-AccessToken -ApplicationId $app | Where-Object IsExpired | Remove-AccessToken -WhatIf" {
        Get-AccessToken -ApplicationId $app | Where-Object IsExpired | Remove-AccessToken -WhatIf
    }
    Show-Step "Set-AccessToken -Id 5c0000000001000000000001 -ApplicationId $app -DefaultRole view  # application tokens have no default role" {
        Show-Error { Set-AccessToken -Id 5c0000000001000000000001 -ApplicationId $app -DefaultRole view }
    }
    Show-Step 'Get-AccessToken -Id 5a00000000000000000000ff  # an id that does not exist' {
        Show-Error { Get-AccessToken -Id 5a00000000000000000000ff }
    }

    Show-Note "Signing in with the emulator's user (user@example.com) instead of an API token."
    $credential = [pscredential]::new('user@example.com', (ConvertTo-SecureString 'emulator-password' -AsPlainText -Force))
    Show-Step "Connect-Losant -Credential `$credential -BaseUri $url -PassThru" { Connect-Losant -Credential $credential -BaseUri $url -PassThru }
    Show-Step 'Get-AccessToken -Status Inactive  # sent with the user token the sign-in returned' { Get-AccessToken -Status Inactive }

    Show-Note 'The /access-tokens API of 2016 (1.3.7) is one parameter away.'
    Show-Step "Connect-Losant -ApiToken `$apiToken -BaseUri $url -ApiVersion 1.3.7" { Connect-Losant -ApiToken $apiToken -BaseUri $url -ApiVersion 1.3.7 }
    Show-Step 'Get-AccessToken  # GET /access-tokens, one list' { Get-AccessToken }
    Show-Step "Get-AccessToken -ApplicationId $app  # 1.3.7 has no application tokens" {
        Show-Error { Get-AccessToken -ApplicationId $app }
    }
    Show-Step 'Get-AccessToken -ApiVersion 1.30.0 -Name Deploy*  # one call in today''s API' { Get-AccessToken -ApiVersion 1.30.0 -Name Deploy* }
    Show-Step 'Disconnect-Losant' { Disconnect-Losant }
}
finally {
    Stop-Emulator $emulator
    Write-Host ''
    Write-Host 'The emulator has shut down.' -ForegroundColor Cyan
}
