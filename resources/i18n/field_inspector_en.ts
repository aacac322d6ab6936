<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>AmendmentDialog</name>
    <message>
        <source>更正检查结果</source>
        <translation>Amend a result</translation>
    </message>
    <message>
        <source>检查已完成，结果已锁定。更正将另行记录原值、新值、原因、更正人和时间。</source>
        <translation>The inspection is completed and locked. The amendment records the old and new value, the reason, who and when.</translation>
    </message>
    <message>
        <source>检查发现</source>
        <translation>Findings</translation>
    </message>
    <message>
        <source>必填，例如：复核现场录像，原结果录入错误</source>
        <translation>Required, e.g. body-camera footage reviewed, the result was entered wrongly</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>更正原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>记录更正</source>
        <translation>Record amendment</translation>
    </message>
</context>
<context>
    <name>AssignmentBoard</name>
    <message>
        <source>前一周</source>
        <translation>Previous week</translation>
    </message>
    <message>
        <source>后一周</source>
        <translation>Next week</translation>
    </message>
    <message>
        <source>任务分类</source>
        <translation>Task category</translation>
    </message>
    <message>
        <source>街道</source>
        <translation>Street</translation>
    </message>
    <message>
        <source>等级</source>
        <translation>Grade</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <source>撤销</source>
        <translation>Undo</translation>
    </message>
    <message>
        <source>重做</source>
        <translation>Redo</translation>
    </message>
    <message>
        <source>申请检查码</source>
        <translation>Request codes</translation>
    </message>
    <message>
        <source>未分配</source>
        <translation>Unassigned</translation>
    </message>
    <message numerus="yes">
        <source>%n 项</source>
        <translation>
            <numerusform>%n task</numerusform>
            <numerusform>%n tasks</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>申请检查码（%n）</source>
        <translation>
            <numerusform>Request code (%n)</numerusform>
            <numerusform>Request codes (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>显示 %1 张任务卡，其中 %2 项已有检查码；单击选择任务后申请检查码；撤销 Ctrl+Z</source>
        <translation>%1 task cards shown, %2 of them with a code; click tasks to select them for a code request; undo Ctrl+Z</translation>
    </message>
    <message numerus="yes">
        <source>%n 项任务已有有效检查码，未重复申请</source>
        <translation>
            <numerusform>%n task already has a valid code and was not requested again</numerusform>
            <numerusform>%n tasks already have a valid code and were not requested again</numerusform>
        </translation>
    </message>
    <message>
        <source>未排期</source>
        <translation>Unscheduled</translation>
    </message>
    <message numerus="yes">
        <source>另有 %n 项（请用筛选缩小范围）</source>
        <translation>
            <numerusform>%n more (narrow with the filters)</numerusform>
            <numerusform>%n more (narrow with the filters)</numerusform>
        </translation>
    </message>
    <message>
        <source>该监督员已在此任务中 / this inspector is already on the task</source>
        <translation>该监督员已在此任务中 / this inspector is already on the task</translation>
    </message>
    <message>
        <source>改派 %1</source>
        <translation>Reassign %1</translation>
    </message>
</context>
<context>
    <name>ChecklistModel</name>
    <message>
        <source>编号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>检查事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>说明 / 照片</source>
        <translation>Note / photo</translation>
    </message>
    <message>
        <source>（已更正）</source>
        <translation>(amended)</translation>
    </message>
    <message>
        <source>须填写说明或附照片</source>
        <translation>Needs a note or a photo</translation>
    </message>
</context>
<context>
    <name>CodeDisplay</name>
    <message>
        <source>亮码</source>
        <translation>Show code</translation>
    </message>
    <message>
        <source>检查码</source>
        <translation>Inspection code</translation>
    </message>
    <message>
        <source>检查对象</source>
        <translation>Inspected party</translation>
    </message>
    <message>
        <source>检查人员（执法证号）</source>
        <translation>Inspectors (enforcement certificate no.)</translation>
    </message>
    <message>
        <source>有效期（北京时间）</source>
        <translation>Valid (Beijing time)</translation>
    </message>
    <message>
        <source>F11 全屏/退出全屏 · Esc 关闭</source>
        <translation>F11 full screen on/off · Esc close</translation>
    </message>
    <message>
        <source>本机未登记服务器地址，无法生成二维码；请出示检查码，登录一次后即可显示二维码</source>
        <translation>This computer has no server address yet, so there is no QR code; show the short code (the QR code appears after one login)</translation>
    </message>
    <message>
        <source>（检查对象未同步）</source>
        <translation>(target not synced yet)</translation>
    </message>
    <message>
        <source>统一社会信用代码 %1</source>
        <translation>Unified social credit code %1</translation>
    </message>
    <message>
        <source>%1（人员信息未同步）</source>
        <translation>%1 (inspector not synced yet)</translation>
    </message>
    <message>
        <source>无执法证号</source>
        <translation>no certificate number</translation>
    </message>
    <message>
        <source>✔ 检查码有效（已在本机核验签名、有效期和检查人员）</source>
        <translation>✔ The code is valid (signature, validity and inspectors checked on this computer)</translation>
    </message>
</context>
<context>
    <name>ConflictsView</name>
    <message>
        <source>没有待处理的同步冲突。
本机与服务器改了同一字段时，会在这里逐项选择保留哪个值。</source>
        <translation>No sync conflicts to settle.
When this computer and the server both changed a field, you choose here which value to keep.</translation>
    </message>
    <message>
        <source>应用选择</source>
        <translation>Apply choices</translation>
    </message>
    <message>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>本机的值</source>
        <translation>This device's value</translation>
    </message>
    <message>
        <source>服务器的值</source>
        <translation>Server's value</translation>
    </message>
</context>
<context>
    <name>CorrectionOrderDialog</name>
    <message>
        <source>责令改正</source>
        <translation>Correction order</translation>
    </message>
    <message>
        <source>须改正的不符合项：</source>
        <translation>Non-compliant items to correct:</translation>
    </message>
    <message>
        <source>例如：立即补全消毒记录，并建立专人登记制度</source>
        <translation>e.g. complete the disinfection records at once and appoint a person to keep them</translation>
    </message>
    <message>
        <source>改正要求</source>
        <translation>Requirements</translation>
    </message>
    <message>
        <source>改正期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>期限届满时自动生成复查任务；复查须另行申请检查码。</source>
        <translation>A follow-up task is created at the deadline; it needs its own inspection code.</translation>
    </message>
    <message>
        <source>下达</source>
        <translation>Issue</translation>
    </message>
</context>
<context>
    <name>DocumentPreview</name>
    <message>
        <source>文书预览</source>
        <translation>Document preview</translation>
    </message>
    <message>
        <source>导出 PDF… (Ctrl+S)</source>
        <translation>Export PDF… (Ctrl+S)</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>文书：</source>
        <translation>Document:</translation>
    </message>
    <message>
        <source>正在生成文书…</source>
        <translation>Making the document…</translation>
    </message>
    <message>
        <source>共 %1 页</source>
        <translation>%1 page(s)</translation>
    </message>
    <message>
        <source>已导出到 %1</source>
        <translation>Exported to %1</translation>
    </message>
    <message>
        <source>导出文书</source>
        <translation>Export document</translation>
    </message>
    <message>
        <source>导出失败</source>
        <translation>Export failed</translation>
    </message>
</context>
<context>
    <name>EvaluationDialog</name>
    <message>
        <source>请被检查单位评价</source>
        <translation>Evaluation by the inspected business</translation>
    </message>
    <message>
        <source>检查已完成。请被检查单位扫码，对本次检查进行评价。</source>
        <translation>The inspection is completed. The inspected business scans the code to rate the inspection.</translation>
    </message>
</context>
<context>
    <name>EvidencePanel</name>
    <message>
        <source>新添加的照片所对应的检查事项</source>
        <translation>The checklist item that new photos document</translation>
    </message>
    <message>
        <source>添加照片… (Ctrl+O)</source>
        <translation>Add photos… (Ctrl+O)</translation>
    </message>
    <message>
        <source>从相机文件夹导入…</source>
        <translation>Import a camera folder…</translation>
    </message>
    <message>
        <source>新照片对应：</source>
        <translation>New photos document:</translation>
    </message>
    <message>
        <source>尚无现场照片。可将照片拖到此处，或点击“添加照片”。</source>
        <translation>No photos yet. Drop photos here or click “Add photos”.</translation>
    </message>
    <message>
        <source>照片说明，例如：2号诊室器械盒</source>
        <translation>Caption, e.g. instrument box in room 2</translation>
    </message>
    <message>
        <source>说明：</source>
        <translation>Caption:</translation>
    </message>
    <message>
        <source>对应事项：</source>
        <translation>Item:</translation>
    </message>
    <message>
        <source>整体（不对应具体事项）</source>
        <translation>The whole visit (no particular item)</translation>
    </message>
    <message>
        <source>整体</source>
        <translation>The whole visit</translation>
    </message>
    <message>
        <source>拍摄时间：%1
对应事项：%2
SHA-256：%3</source>
        <translation>Taken: %1
Item: %2
SHA-256: %3</translation>
    </message>
    <message>
        <source>正在导入 %1 / %2</source>
        <translation>Importing %1 / %2</translation>
    </message>
    <message>
        <source>已添加 %1 张照片</source>
        <translation>%1 photo(s) added</translation>
    </message>
    <message>
        <source>选择现场照片</source>
        <translation>Choose photos</translation>
    </message>
    <message>
        <source>选择相机或存储卡中的照片文件夹</source>
        <translation>Choose the photo folder of a camera or memory card</translation>
    </message>
</context>
<context>
    <name>Industry</name>
    <message>
        <source>医疗机构</source>
        <translation>Medical institution</translation>
    </message>
    <message>
        <source>医疗美容</source>
        <translation>Medical aesthetics</translation>
    </message>
    <message>
        <source>口腔诊所</source>
        <translation>Dental clinic</translation>
    </message>
    <message>
        <source>中医诊所</source>
        <translation>TCM clinic</translation>
    </message>
    <message>
        <source>护理院</source>
        <translation>Nursing home</translation>
    </message>
    <message>
        <source>美容美发</source>
        <translation>Beauty salon</translation>
    </message>
    <message>
        <source>宾馆旅馆</source>
        <translation>Hotel</translation>
    </message>
    <message>
        <source>游泳场所</source>
        <translation>Swimming venue</translation>
    </message>
    <message>
        <source>生活饮用水</source>
        <translation>Drinking water</translation>
    </message>
    <message>
        <source>现制现售饮用水</source>
        <translation>Water vending</translation>
    </message>
    <message>
        <source>职业卫生</source>
        <translation>Occupational health</translation>
    </message>
    <message>
        <source>消毒产品</source>
        <translation>Disinfection products</translation>
    </message>
    <message>
        <source>放射卫生</source>
        <translation>Radiation health</translation>
    </message>
    <message>
        <source>学校卫生</source>
        <translation>School health</translation>
    </message>
    <message>
        <source>产后母婴照护</source>
        <translation>Postpartum care</translation>
    </message>
</context>
<context>
    <name>InspectionStatus</name>
    <message>
        <source>进行中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>已完成</source>
        <translation>Completed</translation>
    </message>
</context>
<context>
    <name>InspectionWindow</name>
    <message>
        <source>已完成（结果已锁定）</source>
        <translation>Completed (results locked)</translation>
    </message>
    <message>
        <source>检查中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>检查码有效</source>
        <translation>Code valid</translation>
    </message>
    <message>
        <source>现场检查 - %1</source>
        <translation>Inspection - %1</translation>
    </message>
    <message>
        <source>1/Y 符合 · 2/N 不符合 · 3/0 不适用 · Tab/J 下一未答 · Enter 说明</source>
        <translation>1/Y compliant · 2/N non-compliant · 3/0 n/a · Tab/J next unanswered · Enter note</translation>
    </message>
    <message>
        <source>说明（Enter 保存，Esc 取消）</source>
        <translation>Note (Enter saves, Esc cancels)</translation>
    </message>
    <message>
        <source>不符合项须填写说明或附照片</source>
        <translation>A non-compliant item needs a note or a photo</translation>
    </message>
    <message>
        <source>检查发现：现场检查情况、发现的问题（Ctrl+F）</source>
        <translation>Findings: what was seen on site, problems found (Ctrl+F)</translation>
    </message>
    <message>
        <source>检查发现</source>
        <translation>Findings</translation>
    </message>
    <message>
        <source>现场照片</source>
        <translation>Photos</translation>
    </message>
    <message>
        <source>亮码 (Ctrl+L)</source>
        <translation>Show code (Ctrl+L)</translation>
    </message>
    <message>
        <source>签名 (Ctrl+G)</source>
        <translation>Signatures (Ctrl+G)</translation>
    </message>
    <message>
        <source>文书 (Ctrl+P)</source>
        <translation>Documents (Ctrl+P)</translation>
    </message>
    <message>
        <source>责令改正 (Ctrl+K)</source>
        <translation>Correction order (Ctrl+K)</translation>
    </message>
    <message>
        <source>更正 (Ctrl+E)</source>
        <translation>Amend (Ctrl+E)</translation>
    </message>
    <message>
        <source>完成检查 (Ctrl+Enter)</source>
        <translation>Finish (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>请先选择该项的检查结果（1/2/3），再填写说明</source>
        <translation>Choose the item's result (1/2/3) before writing a note</translation>
    </message>
    <message>
        <source>说明已保存</source>
        <translation>Note saved</translation>
    </message>
    <message>
        <source>已答 %1 / %2</source>
        <translation>Answered %1 / %2</translation>
    </message>
    <message>
        <source>检查已完成，结果已锁定；联网时自动同步到服务器。</source>
        <translation>Inspection completed and locked; it syncs to the server when online.</translation>
    </message>
    <message>
        <source>该项没有检查结果，无可更正</source>
        <translation>This item has no result to amend</translation>
    </message>
    <message>
        <source>更正已记录（原值、新值和原因均已保存）</source>
        <translation>Amendment recorded (old value, new value and reason kept)</translation>
    </message>
    <message>
        <source>没有不符合项，无需责令改正</source>
        <translation>No non-compliant items: nothing to order corrected</translation>
    </message>
    <message>
        <source>已下达责令改正，复查任务安排在 %1（复查须另行申请检查码）</source>
        <translation>Correction order issued; follow-up scheduled on %1 (it needs its own code)</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>登录</source>
        <translation>Log in</translation>
    </message>
    <message>
        <source>服务器地址</source>
        <translation>Server address</translation>
    </message>
    <message>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>请填写服务器地址（http:// 或 https:// 开头）、用户名和密码</source>
        <translation>Enter the server address (starting with http:// or https://), user name and password</translation>
    </message>
    <message>
        <source>正在登录…</source>
        <translation>Logging in…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>卫监外勤</source>
        <translation>Field Inspector</translation>
    </message>
    <message>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>视图(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>界面语言(&amp;L)</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>工具栏</source>
        <translation>Toolbar</translation>
    </message>
    <message>
        <source>搜索检查对象(&amp;S)</source>
        <translation>&amp;Search targets</translation>
    </message>
    <message>
        <source>重新载入(&amp;R)</source>
        <translation>&amp;Reload</translation>
    </message>
    <message>
        <source>从本地数据重新载入各页 (Ctrl+Shift+R)</source>
        <translation>Reload every page from the local data (Ctrl+Shift+R)</translation>
    </message>
    <message>
        <source>立即同步(&amp;Y)</source>
        <translation>S&amp;ync now</translation>
    </message>
    <message>
        <source>与服务器同步 (F5)</source>
        <translation>Sync with the server (F5)</translation>
    </message>
    <message>
        <source>未连接服务器：用 --server 启动并登录后可同步</source>
        <translation>Not connected: start with --server and sign in to sync</translation>
    </message>
    <message>
        <source>今日任务</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>检查对象</source>
        <translation>Targets</translation>
    </message>
    <message>
        <source>同步冲突</source>
        <translation>Sync conflicts</translation>
    </message>
    <message>
        <source>检查计划</source>
        <translation>Plans</translation>
    </message>
    <message>
        <source>任务看板</source>
        <translation>Assignment board</translation>
    </message>
    <message>
        <source>撮合</source>
        <translation>Merge</translation>
    </message>
    <message>
        <source>进度与公示</source>
        <translation>Progress and publication</translation>
    </message>
    <message>
        <source>画像面板(&amp;P)</source>
        <translation>&amp;Profile pane</translation>
    </message>
    <message>
        <source>显示或隐藏检查对象画像 (F9)</source>
        <translation>Show or hide the target profile (F9)</translation>
    </message>
    <message>
        <source>退出登录(&amp;O)</source>
        <translation>Log &amp;out</translation>
    </message>
    <message>
        <source>待同步的修改和照片都上传后才能退出登录</source>
        <translation>You can log out once every change and photo is synced</translation>
    </message>
    <message>
        <source>退出(&amp;Q)</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>关于卫监外勤(&amp;A)</source>
        <translation>&amp;About Field Inspector</translation>
    </message>
    <message>
        <source>搜索名称、地址或统一社会信用代码  (Ctrl+F)</source>
        <translation>Search name, address or credit code  (Ctrl+F)</translation>
    </message>
    <message>
        <source>本地数据：%1</source>
        <translation>Local data: %1</translation>
    </message>
    <message>
        <source>科室负责人</source>
        <translation>Team lead</translation>
    </message>
    <message>
        <source>管理员</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>监督员</source>
        <translation>Inspector</translation>
    </message>
    <message>
        <source>搜索失败：%1</source>
        <translation>Search failed: %1</translation>
    </message>
    <message>
        <source>找到 %1 个</source>
        <translation>%1 found</translation>
    </message>
    <message>
        <source>共 %1 个检查对象</source>
        <translation>%1 targets</translation>
    </message>
    <message>
        <source>正在载入…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>没有匹配的检查对象
换个关键词试试：名称、地址或信用代码的一部分</source>
        <translation>No matching targets
Try part of a name, an address or a credit code</translation>
    </message>
    <message>
        <source>本地数据中还没有检查对象
同步后即可查看，或用 field-inspector demo-data 生成演示数据</source>
        <translation>No targets in local data yet
Sync to get them, or make demo data with field-inspector demo-data</translation>
    </message>
    <message>
        <source>登录已失效，本机数据仍可查看；请重新启动并登录后再同步。</source>
        <translation>The sign-in is no longer valid. The local data stays readable; start the app again and sign in to sync.</translation>
    </message>
    <message>
        <source>已退出登录。重新启动并登录后可再同步。</source>
        <translation>Logged out. Start the app again and sign in to sync.</translation>
    </message>
    <message>
        <source>未连接服务器，无法申请检查码</source>
        <translation>Not connected to a server: codes cannot be requested</translation>
    </message>
    <message>
        <source>已取得检查码：%1</source>
        <translation>Code issued: %1</translation>
    </message>
    <message>
        <source>申请被拒绝：%1</source>
        <translation>Request refused: %1</translation>
    </message>
    <message>
        <source>关于卫监外勤</source>
        <translation>About Field Inspector</translation>
    </message>
    <message>
        <source>卫监外勤 %1

卫生监督外勤检查的离线优先桌面客户端。</source>
        <translation>Field Inspector %1

An offline-first desktop client for health-supervision field inspections.</translation>
    </message>
</context>
<context>
    <name>MergeView</name>
    <message>
        <source>检查对象</source>
        <translation>Target</translation>
    </message>
    <message>
        <source>建议日期</source>
        <translation>Suggested date</translation>
    </message>
    <message>
        <source>任务分类</source>
        <translation>Task category</translation>
    </message>
    <message>
        <source>部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>提醒</source>
        <translation>Notice</translation>
    </message>
    <message>
        <source>接受撮合</source>
        <translation>Accept the merge</translation>
    </message>
    <message>
        <source>驳回…</source>
        <translation>Reject…</translation>
    </message>
    <message>
        <source>刷新撮合建议</source>
        <translation>Refresh merge proposals</translation>
    </message>
    <message>
        <source>近期已检查</source>
        <translation>Inspected recently</translation>
    </message>
    <message numerus="yes">
        <source>%n 条撮合建议</source>
        <translation>
            <numerusform>%n merge proposal</numerusform>
            <numerusform>%n merge proposals</numerusform>
        </translation>
    </message>
    <message>
        <source>无记录</source>
        <translation>none on record</translation>
    </message>
    <message>
        <source>检查计划</source>
        <translation>Inspection plan</translation>
    </message>
    <message>
        <source>计划日期</source>
        <translation>Scheduled date</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>建议联合检查日期</source>
        <translation>Suggested joint inspection date</translation>
    </message>
    <message>
        <source>接受后：一次上门、一个检查码、全部检查表、合并后的检查人员。</source>
        <translation>Once accepted: one visit, one code, all the checklists, the combined team.</translation>
    </message>
    <message>
        <source>联合检查人员</source>
        <translation>Joint inspection team</translation>
    </message>
    <message>
        <source>其他部门参与人员</source>
        <translation>Participants from other departments</translation>
    </message>
    <message>
        <source>无</source>
        <translation>none</translation>
    </message>
    <message>
        <source>检查表</source>
        <translation>Checklists</translation>
    </message>
    <message>
        <source>上次检查</source>
        <translation>Last inspected</translation>
    </message>
    <message numerus="yes">
        <source>已合并为一次联合检查（%n 项任务）</source>
        <translation>
            <numerusform>Merged into one joint inspection (%n task)</numerusform>
            <numerusform>Merged into one joint inspection (%n tasks)</numerusform>
        </translation>
    </message>
    <message>
        <source>驳回撮合建议</source>
        <translation>Reject the merge proposal</translation>
    </message>
    <message>
        <source>驳回原因：</source>
        <translation>Reason for rejecting:</translation>
    </message>
</context>
<context>
    <name>PlanEditor</name>
    <message>
        <source>新建检查计划</source>
        <translation>New inspection plan</translation>
    </message>
    <message>
        <source>排除无事不扰对象</source>
        <translation>Leave out do-not-disturb targets</translation>
    </message>
    <message>
        <source>纳入有投诉举报的对象</source>
        <translation>Include targets with complaints</translation>
    </message>
    <message>
        <source>任务分类</source>
        <translation>Task category</translation>
    </message>
    <message>
        <source>计划编号</source>
        <translation>Plan number</translation>
    </message>
    <message>
        <source>计划名称</source>
        <translation>Plan name</translation>
    </message>
    <message>
        <source>年度</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>计划期间</source>
        <translation>Plan period</translation>
    </message>
    <message>
        <source>检查行业（对象库）</source>
        <translation>Industries inspected (target pool)</translation>
    </message>
    <message>
        <source>检查表</source>
        <translation>Checklists</translation>
    </message>
    <message>
        <source>抽查比例（按等级）</source>
        <translation>Sampling ratios (by grade)</translation>
    </message>
</context>
<context>
    <name>PlansView</name>
    <message>
        <source>计划</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>计划编号</source>
        <translation>Plan number</translation>
    </message>
    <message>
        <source>期间</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>检查行业</source>
        <translation>Industries</translation>
    </message>
    <message>
        <source>备案状态</source>
        <translation>Filing status</translation>
    </message>
    <message>
        <source>新建计划…</source>
        <translation>New plan…</translation>
    </message>
    <message>
        <source>备案</source>
        <translation>File</translation>
    </message>
    <message>
        <source>双随机抽取…</source>
        <translation>Random draw…</translation>
    </message>
    <message>
        <source>回避声明…</source>
        <translation>Conflicts of interest…</translation>
    </message>
    <message>
        <source>新建检查计划…</source>
        <translation>New inspection plan…</translation>
    </message>
    <message>
        <source>计划备案</source>
        <translation>File the plan</translation>
    </message>
    <message>
        <source>已备案</source>
        <translation>Filed</translation>
    </message>
    <message>
        <source>未备案</source>
        <translation>Not filed</translation>
    </message>
    <message>
        <source>计划 %1 已备案</source>
        <translation>Plan %1 filed</translation>
    </message>
</context>
<context>
    <name>ProgressView</name>
    <message>
        <source>导出 xlsx…</source>
        <translation>Export xlsx…</translation>
    </message>
    <message>
        <source>计划年度</source>
        <translation>Plan year</translation>
    </message>
    <message>
        <source>完成率</source>
        <translation>Completion rate</translation>
    </message>
    <message>
        <source>完结率</source>
        <translation>Closure rate</translation>
    </message>
    <message>
        <source>户次</source>
        <translation>Visits</translation>
    </message>
    <message>
        <source>关闭任务</source>
        <translation>Closed tasks</translation>
    </message>
    <message>
        <source>逾期任务</source>
        <translation>Overdue tasks</translation>
    </message>
    <message>
        <source>收到评价（平均分）</source>
        <translation>Evaluations received (average score)</translation>
    </message>
    <message>
        <source>逾期未公示</source>
        <translation>Overdue, not published</translation>
    </message>
    <message>
        <source>分组</source>
        <translation>Group</translation>
    </message>
    <message>
        <source>逾期未公示（结果/处罚）</source>
        <translation>Overdue publications (results/penalties)</translation>
    </message>
    <message>
        <source>任务数</source>
        <translation>Tasks</translation>
    </message>
    <message>
        <source>已完成</source>
        <translation>Completed</translation>
    </message>
    <message>
        <source>已关闭</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>逾期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>评价数</source>
        <translation>Evaluations</translation>
    </message>
    <message>
        <source>平均分</source>
        <translation>Average score</translation>
    </message>
    <message>
        <source>关闭原因</source>
        <translation>Reason closed</translation>
    </message>
    <message>
        <source>检查对象</source>
        <translation>Target</translation>
    </message>
    <message>
        <source>检查计划</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>应完成日期</source>
        <translation>Due date</translation>
    </message>
    <message>
        <source>任务分类</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>任务结束</source>
        <translation>Task ended</translation>
    </message>
    <message>
        <source>公示期限</source>
        <translation>Publication deadline</translation>
    </message>
    <message>
        <source>公示日期</source>
        <translation>Published on</translation>
    </message>
    <message>
        <source>公示状态</source>
        <translation>Publication status</translation>
    </message>
    <message>
        <source>处罚决定书文号</source>
        <translation>Penalty decision no.</translation>
    </message>
    <message>
        <source>决定日期</source>
        <translation>Decided on</translation>
    </message>
    <message>
        <source>登记今日已公示</source>
        <translation>Mark published today</translation>
    </message>
    <message>
        <source>把所选结果或处罚决定登记为今天已公示</source>
        <translation>Record the selected results or penalty decisions as published today</translation>
    </message>
    <message>
        <source>按任务分类</source>
        <translation>By category</translation>
    </message>
    <message>
        <source>按科室</source>
        <translation>By team</translation>
    </message>
    <message>
        <source>关闭任务及原因</source>
        <translation>Closed tasks and reasons</translation>
    </message>
    <message>
        <source>进度</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>结果公示期限</source>
        <translation>Results publication</translation>
    </message>
    <message>
        <source>处罚公示期限</source>
        <translation>Penalty publication</translation>
    </message>
    <message>
        <source>导出进度 xlsx…</source>
        <translation>Export progress xlsx…</translation>
    </message>
    <message>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <source>统计日期 %1</source>
        <translation>As of %1</translation>
    </message>
    <message>
        <source>合计</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>待公示</source>
        <translation>To publish</translation>
    </message>
    <message>
        <source>按时公示</source>
        <translation>Published on time</translation>
    </message>
    <message>
        <source>逾期公示</source>
        <translation>Published late</translation>
    </message>
    <message>
        <source>（估算）</source>
        <translation>(estimated)</translation>
    </message>
    <message>
        <source>请先在“结果公示期限”或“处罚公示期限”中选择要登记的行</source>
        <translation>First select the rows to record under “Results publication” or “Penalty publication”</translation>
    </message>
    <message numerus="yes">
        <source>已登记 %n 项公示</source>
        <translation>
            <numerusform>%n publication recorded</numerusform>
            <numerusform>%n publications recorded</numerusform>
        </translation>
    </message>
    <message>
        <source>导出进度</source>
        <translation>Export progress</translation>
    </message>
</context>
<context>
    <name>RecusalDialog</name>
    <message>
        <source>回避声明</source>
        <translation>Conflicts of interest</translation>
    </message>
    <message>
        <source>名称、地址或统一社会信用代码</source>
        <translation>Name, address or unified social credit code</translation>
    </message>
    <message>
        <source>如：近亲属在该单位任职</source>
        <translation>e.g. a close relative works there</translation>
    </message>
    <message>
        <source>监督员</source>
        <translation>Inspector</translation>
    </message>
    <message>
        <source>检查对象</source>
        <translation>Target</translation>
    </message>
    <message>
        <source>回避原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>已声明的回避</source>
        <translation>Declared conflicts</translation>
    </message>
    <message>
        <source>请先搜索并选择检查对象</source>
        <translation>Search for and select the target first</translation>
    </message>
    <message>
        <source>已记录回避声明；此后的抽取不会把该监督员派往该对象</source>
        <translation>Conflict recorded; later draws will not send this inspector to this target</translation>
    </message>
</context>
<context>
    <name>ResultValue</name>
    <message>
        <source>符合</source>
        <translation>Compliant</translation>
    </message>
    <message>
        <source>不符合</source>
        <translation>Non-compliant</translation>
    </message>
    <message>
        <source>不适用</source>
        <translation>Not applicable</translation>
    </message>
</context>
<context>
    <name>SamplingDialog</name>
    <message>
        <source>双随机抽取</source>
        <translation>Random draw</translation>
    </message>
    <message>
        <source>等级</source>
        <translation>Grade</translation>
    </message>
    <message>
        <source>对象库</source>
        <translation>Target pool</translation>
    </message>
    <message>
        <source>抽查比例</source>
        <translation>Sampling ratio</translation>
    </message>
    <message>
        <source>预计抽取</source>
        <translation>Expected draw</translation>
    </message>
    <message>
        <source>排除无事不扰对象</source>
        <translation>Exclude do-not-disturb targets</translation>
    </message>
    <message>
        <source>纳入有投诉举报的对象</source>
        <translation>Include targets with complaints</translation>
    </message>
    <message>
        <source>换一个</source>
        <translation>Redraw one</translation>
    </message>
    <message>
        <source>检查计划</source>
        <translation>Inspection plan</translation>
    </message>
    <message>
        <source>随机种子</source>
        <translation>Random seed</translation>
    </message>
    <message>
        <source>每项任务监督员</source>
        <translation>Inspectors per task</translation>
    </message>
    <message>
        <source>抽取</source>
        <translation>Draw</translation>
    </message>
    <message>
        <source>取消抽取</source>
        <translation>Cancel the draw</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>Credit code</translation>
    </message>
    <message>
        <source>街道</source>
        <translation>Street</translation>
    </message>
    <message>
        <source>纳入方式</source>
        <translation>How included</translation>
    </message>
    <message>
        <source>监督员</source>
        <translation>Inspectors</translation>
    </message>
    <message>
        <source>接受并创建任务</source>
        <translation>Accept and create tasks</translation>
    </message>
    <message>
        <source>导出公示表…</source>
        <translation>Export the publication sheet…</translation>
    </message>
    <message>
        <source>验证抽取</source>
        <translation>Verify draw</translation>
    </message>
    <message>
        <source>用记录的随机种子和输入重新抽取，核对结果是否一致</source>
        <translation>Re-run the draw from the recorded seed and inputs and check the result is the same</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>（未备案）</source>
        <translation>(not filed)</translation>
    </message>
    <message>
        <source>任务分类：%1</source>
        <translation>Task category: %1</translation>
    </message>
    <message>
        <source>随机种子应为 0 至 2^63−1 之间的整数 / the seed must be a whole number from 0 to 2^63−1</source>
        <translation>随机种子应为 0 至 2^63−1 之间的整数 / the seed must be a whole number from 0 to 2^63−1</translation>
    </message>
    <message>
        <source>种子 %1；对象库 %2 户，排除无事不扰 %3 户，抽中 %4 户；输入摘要 %5</source>
        <translation>Seed %1; pool %2 targets, %3 do-not-disturb excluded, %4 drawn; input digest %5</translation>
    </message>
    <message numerus="yes">
        <source>已创建 %n 项任务；抽取记录已保存，可验证、可导出公示</source>
        <translation>
            <numerusform>%n task created; the draw is recorded and can be verified and exported for publication</numerusform>
            <numerusform>%n tasks created; the draw is recorded and can be verified and exported for publication</numerusform>
        </translation>
    </message>
    <message>
        <source>验证通过：按记录的种子重新抽取，结果完全一致</source>
        <translation>Verified: re-running from the recorded seed gives exactly the same result</translation>
    </message>
    <message>
        <source>验证未通过，结果不一致：</source>
        <translation>Verification failed, the results differ: </translation>
    </message>
    <message>
        <source>导出公示表</source>
        <translation>Export the publication sheet</translation>
    </message>
</context>
<context>
    <name>SignatureDialog</name>
    <message>
        <source>现场签名</source>
        <translation>Signatures on site</translation>
    </message>
    <message>
        <source>被检查单位负责人（或委托代表）姓名</source>
        <translation>Name of the inspected party's representative</translation>
    </message>
    <message>
        <source>撤销一笔 (Ctrl+Z)</source>
        <translation>Undo stroke (Ctrl+Z)</translation>
    </message>
    <message>
        <source>清除</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>确认签名 (Ctrl+Enter)</source>
        <translation>Confirm signature (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>第 %1 位，共 %2 位</source>
        <translation>signer %1 of %2</translation>
    </message>
    <message>
        <source>请监督员 %1（执法证号 %2）签名</source>
        <translation>Inspector %1 (certificate no. %2), please sign</translation>
    </message>
    <message>
        <source>未登记</source>
        <translation>not registered</translation>
    </message>
    <message>
        <source>请被检查单位负责人签名</source>
        <translation>The inspected party's representative, please sign</translation>
    </message>
    <message>
        <source>已签过，可重签</source>
        <translation>already signed; signing again replaces it</translation>
    </message>
    <message>
        <source>签名为空，请先签名 / the signature is empty; please sign first</source>
        <translation>The signature is empty; please sign first</translation>
    </message>
</context>
<context>
    <name>SignaturePad</name>
    <message>
        <source>请在此处签名</source>
        <translation>Sign here</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <source>尚未同步</source>
        <translation>Not synced yet</translation>
    </message>
    <message>
        <source>立即同步</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>与服务器同步 (F5)</source>
        <translation>Sync with the server (F5)</translation>
    </message>
    <message>
        <source>在线</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>离线</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>同步中…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <source>出错</source>
        <translation>Error</translation>
    </message>
    <message numerus="yes">
        <source>待同步修改 %n 条</source>
        <translation>
            <numerusform>%n change to send</numerusform>
            <numerusform>%n changes to send</numerusform>
        </translation>
    </message>
    <message>
        <source>照片待传 %1</source>
        <translation>Photos to upload: %1</translation>
    </message>
    <message>
        <source>上次同步 %1</source>
        <translation>Last sync %1</translation>
    </message>
</context>
<context>
    <name>TargetProfileView</name>
    <message>
        <source>选择左侧列表中的检查对象
即可查看它的画像</source>
        <translation>Select a target in the list
to see its profile</translation>
    </message>
    <message>
        <source>%1 级</source>
        <translation>Grade %1</translation>
    </message>
    <message>
        <source>无事不扰</source>
        <translation>Do not disturb</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>Credit code</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>街道</source>
        <translation>Street</translation>
    </message>
    <message>
        <source>许可证</source>
        <translation>Licences</translation>
    </message>
    <message>
        <source>没有许可证记录</source>
        <translation>No licences on record</translation>
    </message>
    <message>
        <source>信用风险分级：%1 级</source>
        <translation>Credit and risk grade: %1</translation>
    </message>
    <message>
        <source>没有记录分级依据</source>
        <translation>No grading reasons on record</translation>
    </message>
    <message>
        <source>已列入无事不扰清单：除投诉举报和复查外，不安排日常现场检查。</source>
        <translation>On the do-not-disturb list: no routine on-site inspections, only complaints and follow-ups.</translation>
    </message>
    <message>
        <source>检查历史（%1）</source>
        <translation>Inspection history (%1)</translation>
    </message>
    <message>
        <source>尚无检查记录</source>
        <translation>No inspections yet</translation>
    </message>
    <message>
        <source>显示全部 %1 次检查</source>
        <translation>Show all %1 inspections</translation>
    </message>
    <message>
        <source>未完成的责令改正（%1）</source>
        <translation>Open correction orders (%1)</translation>
    </message>
    <message>
        <source>没有未完成的责令改正</source>
        <translation>No open correction orders</translation>
    </message>
    <message>
        <source>改正期限 %1</source>
        <translation>Deadline %1</translation>
    </message>
    <message>
        <source>投诉举报（%1）</source>
        <translation>Complaints (%1)</translation>
    </message>
    <message>
        <source>没有投诉举报记录</source>
        <translation>No complaints</translation>
    </message>
    <message>
        <source>待处理</source>
        <translation>open</translation>
    </message>
    <message>
        <source>已办结</source>
        <translation>closed</translation>
    </message>
    <message>
        <source>行政处罚（%1）</source>
        <translation>Penalties (%1)</translation>
    </message>
    <message>
        <source>没有行政处罚记录</source>
        <translation>No penalties</translation>
    </message>
    <message>
        <source>已公示 %1</source>
        <translation>published %1</translation>
    </message>
    <message>
        <source>未公示</source>
        <translation>not published</translation>
    </message>
    <message>
        <source>任务（%1）</source>
        <translation>Tasks (%1)</translation>
    </message>
    <message>
        <source>没有任务</source>
        <translation>No tasks</translation>
    </message>
    <message>
        <source>计划 %1</source>
        <translation>scheduled %1</translation>
    </message>
    <message>
        <source>截止 %1</source>
        <translation>due %1</translation>
    </message>
    <message>
        <source>关闭原因：%1</source>
        <translation>Closed: %1</translation>
    </message>
</context>
<context>
    <name>TargetTable</name>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>Credit code</translation>
    </message>
    <message>
        <source>行业</source>
        <translation>Industry</translation>
    </message>
    <message>
        <source>街道</source>
        <translation>Street</translation>
    </message>
    <message>
        <source>分级</source>
        <translation>Grade</translation>
    </message>
    <message>
        <source>无事不扰</source>
        <translation>Do not disturb</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
</context>
<context>
    <name>TaskCard</name>
    <message>
        <source>码 %1</source>
        <translation>Code %1</translation>
    </message>
    <message>
        <source>联合检查</source>
        <translation>Joint inspection</translation>
    </message>
</context>
<context>
    <name>TaskCategory</name>
    <message>
        <source>国家双随机抽查</source>
        <translation>National random inspection</translation>
    </message>
    <message>
        <source>区级双随机抽查</source>
        <translation>District random inspection</translation>
    </message>
    <message>
        <source>部门联合双随机</source>
        <translation>Joint random inspection</translation>
    </message>
    <message>
        <source>跨部门综合监管</source>
        <translation>Cross-department supervision</translation>
    </message>
    <message>
        <source>专项检查</source>
        <translation>Campaign</translation>
    </message>
    <message>
        <source>投诉举报</source>
        <translation>Complaint</translation>
    </message>
    <message>
        <source>复查</source>
        <translation>Follow-up</translation>
    </message>
</context>
<context>
    <name>TaskStatus</name>
    <message>
        <source>待检查</source>
        <translation>Planned</translation>
    </message>
    <message>
        <source>已申码</source>
        <translation>Code requested</translation>
    </message>
    <message>
        <source>检查中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>已完成</source>
        <translation>Completed</translation>
    </message>
    <message>
        <source>已关闭</source>
        <translation>Closed</translation>
    </message>
</context>
<context>
    <name>TodayView</name>
    <message>
        <source>共 %1 次检查</source>
        <translation>%1 visits</translation>
    </message>
    <message>
        <source>计划日期</source>
        <translation>Scheduled</translation>
    </message>
    <message>
        <source>检查对象与任务</source>
        <translation>Target and tasks</translation>
    </message>
    <message>
        <source>检查码</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>下一步</source>
        <translation>Next step</translation>
    </message>
    <message>
        <source>今天没有待检查的任务。
新任务由科室负责人分派，联网同步后显示在这里。</source>
        <translation>No inspections to do today.
New tasks are assigned by your team lead and appear here after a sync.</translation>
    </message>
    <message>
        <source>正在载入今日任务…</source>
        <translation>Loading today's visits…</translation>
    </message>
    <message>
        <source>申请检查码 (Ctrl+R)</source>
        <translation>Request code (Ctrl+R)</translation>
    </message>
    <message>
        <source>亮码 (Ctrl+L)</source>
        <translation>Show code (Ctrl+L)</translation>
    </message>
    <message>
        <source>（检查对象未同步）</source>
        <translation>(target not synced)</translation>
    </message>
    <message>
        <source>联合检查（%1 项任务）</source>
        <translation>Joint inspection (%1 tasks)</translation>
    </message>
    <message>
        <source>检查表：%1</source>
        <translation>Checklists: %1</translation>
    </message>
    <message>
        <source>未排期</source>
        <translation>Not scheduled</translation>
    </message>
    <message>
        <source>未申码</source>
        <translation>No code</translation>
    </message>
    <message>
        <source>已申请</source>
        <translation>Requested</translation>
    </message>
    <message>
        <source>有效</source>
        <translation>Valid</translation>
    </message>
    <message>
        <source>未生效</source>
        <translation>Not yet valid</translation>
    </message>
    <message>
        <source>已过期</source>
        <translation>Expired</translation>
    </message>
    <message>
        <source>已撤销</source>
        <translation>Revoked</translation>
    </message>
    <message>
        <source>无效</source>
        <translation>Invalid</translation>
    </message>
    <message>
        <source>出发前申请检查码（需联网）</source>
        <translation>Request the code before going (needs the network)</translation>
    </message>
    <message>
        <source>已申请检查码，联网同步后即可检查</source>
        <translation>Code requested; sync when online to receive it</translation>
    </message>
    <message>
        <source>继续检查（按 Enter）</source>
        <translation>Continue the inspection (Enter)</translation>
    </message>
    <message>
        <source>到场后亮码，再开始检查（按 Enter）</source>
        <translation>On site, show the code, then start the inspection (Enter)</translation>
    </message>
    <message>
        <source>继续检查 (Enter)</source>
        <translation>Continue inspection (Enter)</translation>
    </message>
    <message>
        <source>开始检查 (Enter)</source>
        <translation>Start inspection (Enter)</translation>
    </message>
    <message>
        <source>已提交检查码申请（%1 项任务），联网时发送</source>
        <translation>Code requested (%1 tasks); sent when online</translation>
    </message>
    <message>
        <source>该任务还没有检查码，请先申请</source>
        <translation>This task has no code yet; request one first</translation>
    </message>
</context>
</TS>