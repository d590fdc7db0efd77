# New-AccessToken under API 1.3.7, the seed's contract (/access-tokens): the POST it sends (only the fields given, dates in UTC), -WhatIf, the token it
# emits, and that the new secret is held in a SecureString that no view, string or trace shows.
BeforeAll {
    # These tests pin the seed's contract (API 1.3.7, /access-tokens); today's API has tests of its own.
    Import-Module (Join-Path $PSScriptRoot '../../tools/PowerShellHost.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestSuite.psm1') -Force
    $script:State = Enter-TestSuite -ApiVersion '1.3.7' -NoConnection

    function Assert-PostRequest($Request, [string] $Query = $DefaultFlags) {
        Assert-Request $Request -Method POST -Path '/access-tokens' -Query $Query -ApiToken $script:Emulator.ApiToken -WithBody -ApiVersion '1.3.7'
    }

    # The request body as a hashtable whose dates stay the strings that were sent. Windows
    # PowerShell 5.1's ConvertFrom-Json keeps strings as they are and has no -AsHashtable.
    function ConvertFrom-Body([string] $Body) {
        if ($PSVersionTable.PSEdition -eq 'Core') { return $Body | ConvertFrom-Json -AsHashtable -DateKind String }
        $fields = @{}
        foreach ($property in ($Body | ConvertFrom-Json).PSObject.Properties) { $fields[$property.Name] = $property.Value }
        $fields
    }
}

AfterAll {
    Exit-TestSuite $script:State
}

Describe 'New-AccessToken' {
    BeforeEach {
        Reset-Emulator $script:Emulator
    }

    Context 'Request body' {
        It 'Name_only_posts_exactly_the_name' {
            New-AccessToken -Name 'n' @Connection | Out-Null

            $requests = Get-Request
            $requests.Count | Should -Be 1
            Assert-PostRequest $requests[0]
            $requests[0].body | Should -BeExactly '{"name":"n"}'
        }

        It 'Every_field_given_is_sent_and_nothing_else' {
            $expires = [datetime]::new(2031, 2, 3, 4, 5, 6, 789, [System.DateTimeKind]::Utc)

            New-AccessToken -Name 'CI' -Scope 'devices.get', 'all.Application' -ExpirationDate $expires -Status Inactive @Connection | Out-Null

            $request = (Get-Request)[0]
            Assert-PostRequest $request
            $body = ConvertFrom-Body $request.body
            @($body.Keys | Sort-Object) | Should -Be @('expirationDate', 'name', 'scope', 'status')
            $body.name | Should -BeExactly 'CI'
            $body.scope | Should -Be @('devices.get', 'all.Application')
            $body.expirationDate | Should -BeExactly '2031-02-03T04:05:06.789Z'
            $body.status | Should -BeExactly 'inactive'
        }

        It 'ExpirationDate_with_an_offset_is_sent_as_ISO_8601_UTC_with_milliseconds' {
            New-AccessToken -Name 'n' -ExpirationDate '2031-02-03T04:05:06.789+02:00' @Connection | Out-Null

            (ConvertFrom-Body (Get-Request)[0].body).expirationDate | Should -BeExactly '2031-02-03T02:05:06.789Z'
        }

        It 'Local_ExpirationDate_is_converted_to_UTC' {
            if (Test-WindowsPlatform) { Set-ItResult -Skipped -Because 'Windows takes a process''s time zone from the system, not from TZ, and changing the system''s needs an administrator' }
            # A child PowerShell in a zone 5:30 ahead of UTC, so a local time differs from its UTC form.
            $saved = $env:LOSANT_API_TOKEN, $env:LOSANT_API_URL, $env:TZ
            $env:LOSANT_API_TOKEN = $script:Emulator.ApiToken
            $env:LOSANT_API_URL = $script:Emulator.Url
            $env:TZ = 'Asia/Kolkata'
            try {
                $output = Invoke-PowerShell -NoProfile -NonInteractive -Command @"
Import-Module '$($env:ACCESSTOKEN_TEST_MODULE)'
New-AccessToken -Name local -ExpirationDate ([datetime]::new(2031, 2, 3, 4, 5, 6, 789, [System.DateTimeKind]::Local)) | Out-Null
'OFFSET=' + [TimeZoneInfo]::Local.BaseUtcOffset
"@ 2>&1 | Out-String
            }
            finally { $env:LOSANT_API_TOKEN, $env:LOSANT_API_URL, $env:TZ = $saved }

            $output | Should -Match 'OFFSET=05:30:00'
            $requests = Get-Request
            $requests.Count | Should -Be 1
            (ConvertFrom-Body $requests[0].body).expirationDate | Should -BeExactly '2031-02-02T22:35:06.789Z'
        }

        It 'Scope_Name_and_Status_bind_from_the_pipeline_by_property_name' {
            [pscustomobject]@{ Name = 'a'; Scope = 'devices.get'; Status = 'Inactive' }, [pscustomobject]@{ Name = 'b' } |
                New-AccessToken @Connection | Out-Null

            $requests = Get-Request
            $requests.body | Should -Be @('{"name":"a","scope":["devices.get"],"status":"inactive"}', '{"name":"b"}')
        }
    }

    Context 'Refused before any request' {
        It 'Name_is_mandatory_and_must_be_1_to_255_characters' {
            (Get-Command New-AccessToken).Parameters['Name'].Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] }).Mandatory | Should -BeTrue
            { New-AccessToken -Name ('x' * 256) @Connection } |
                Should -Throw -ErrorId 'ParameterArgumentValidationError,Losant.AccessTokens.Commands.NewAccessTokenCommand'
            { New-AccessToken -Name '' @Connection } |
                Should -Throw -ErrorId 'ParameterArgumentValidationError,Losant.AccessTokens.Commands.NewAccessTokenCommand'

            (Get-Request).Count | Should -Be 0
        }

        It 'Status_other_than_Active_or_Inactive_is_refused_by_parameter_binding' {
            { New-AccessToken -Name 'n' -Status Disabled @Connection } |
                Should -Throw -ExceptionType ([System.Management.Automation.ParameterBindingException])

            (Get-Request).Count | Should -Be 0
        }
    }

    Context 'ShouldProcess' {
        It 'WhatIf_sends_nothing_and_emits_nothing' {
            $output = @(New-AccessToken -Name 'n' -Scope 'all.Application' -WhatIf @Connection)

            $output.Count | Should -Be 0
            (Get-Request).Count | Should -Be 0
            @(Get-EmulatorToken $script:Emulator).Count | Should -Be 5
        }

        It 'Confirm_false_creates_without_asking' {
            $token = New-AccessToken -Name 'n' -Confirm:$false @Connection

            $token.Name | Should -BeExactly 'n'
            @(Get-EmulatorToken $script:Emulator).Count | Should -Be 6
        }
    }

    Context 'The created token' {
        It 'Emits_the_created_token_as_the_API_returned_it' {
            $output = @(New-AccessToken -Name 'CI' -Scope 'devices.get' -ExpirationDate '2031-02-03T04:05:06.789Z' -Status Inactive @Connection)

            $output.Count | Should -Be 1
            $token = $output[0]
            $token.PSObject.TypeNames[0] | Should -BeExactly 'Losant.AccessTokens.Models.AccessToken'
            $stored = @(Get-EmulatorToken $script:Emulator)
            $stored.Count | Should -Be 6
            $token.Id | Should -BeExactly $stored[5].id
            $token.Name | Should -BeExactly 'CI'
            $token.Scope | Should -Be @('devices.get')
            $token.Status | Should -Be 'Inactive'
            $token.ExpirationDate | Should -Be ([datetime]::new(2031, 2, 3, 4, 5, 6, 789, [System.DateTimeKind]::Utc))
        }

        It 'Token_is_a_SecureString_holding_the_secret_the_API_stored' {
            $token = New-AccessToken -Name 'n' @Connection

            $token.Token | Should -BeOfType [securestring]
            $secret = (Get-StoredToken $script:Emulator $token.Id).token
            $secret | Should -Not -BeNullOrEmpty
            [System.Net.NetworkCredential]::new('', $token.Token).Password | Should -BeExactly $secret
        }

        It 'No_default_view_or_string_form_shows_the_secret' {
            $token = New-AccessToken -Name 'n' @Connection
            $secret = (Get-StoredToken $script:Emulator $token.Id).token
            $secret | Should -Not -BeNullOrEmpty

            $renderings = [ordered]@{
                'Format-Table'   = $token | Format-Table | Out-String
                'Format-List'    = $token | Format-List | Out-String
                'Format-List *'  = $token | Format-List * | Out-String
                'Out-String'     = $token | Out-String
                'interpolation'  = "$token"
                'ToString'       = $token.ToString()
                'ConvertTo-Json' = $token | ConvertTo-Json -Depth 5
            }

            foreach ($rendering in $renderings.GetEnumerator()) {
                $rendering.Value | Should -Not -BeNullOrEmpty -Because $rendering.Key
                $rendering.Value | Should -Not -Match ([regex]::Escape($secret)) -Because "$($rendering.Key) must not show the secret"
            }
        }

        It 'Verbose_and_debug_output_show_neither_the_secret_nor_the_API_token' {
            $all = @(New-AccessToken -Name 'n' -Verbose -Debug @Connection *>&1)
            $token = $all | Where-Object { $_.PSObject.TypeNames[0] -eq 'Losant.AccessTokens.Models.AccessToken' }
            $token.Id | Should -Not -BeNullOrEmpty
            $secret = (Get-StoredToken $script:Emulator $token.Id).token

            $trace = @($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -or $_ -is [System.Management.Automation.DebugRecord] })
            $trace.Count | Should -BeGreaterThan 0
            $text = $trace.Message -join "`n"
            $text | Should -Not -Match ([regex]::Escape($secret))
            $text | Should -Not -Match ([regex]::Escape($script:Emulator.ApiToken))
        }
    }
}
